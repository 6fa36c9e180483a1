variable "environment" {
  description = "The environment's name, in tags and resource names."
  type        = string
  default     = "staging"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "vpc_id" {
  description = "The VPC, from the network configuration's outputs."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the database, from the network configuration's outputs."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "The security group of the app, the only client of the database."
  type        = string
}

variable "db_password" {
  description = "The database's master password; set TF_VAR_db_password from the secret store at apply time."
  type        = string
  sensitive   = true
}

variable "deletion_protection" {
  description = "RDS deletion protection: false for staging, which is rebuilt on demand; true for production."
  type        = bool
  default     = false
}
