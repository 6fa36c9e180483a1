variable "env" {
  type    = string
  default = "staging"
}

variable "backup_days" {
  type    = number
  default = 3
}
