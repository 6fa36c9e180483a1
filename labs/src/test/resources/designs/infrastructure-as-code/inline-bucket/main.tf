# Another correct design, in the AWS provider's older style: versioning and encryption inline in the bucket
# (Checkov accepts both), variables declared in main.tf, the database password from a random_password.
terraform {
  backend "s3" {
    bucket         = "staging-state-4f2a"
    key            = "terraform.tfstate"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "staging-state-locks"
  }
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = merge({ Environment = "staging" }, { CostCenter = "eng" })
  }
}

resource "aws_s3_bucket" "state" {
  bucket = "staging-state-4f2a"

  versioning {
    enabled = true
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_dynamodb_table" "locks" {
  name           = "staging-state-locks"
  hash_key       = "LockID"
  read_capacity  = 1
  write_capacity = 1
  attribute {
    name = "LockID"
    type = "S"
  }
}

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = var.subnet_ids
}

resource "aws_db_instance" "db" {
  engine                 = "postgres"
  instance_class         = "db.t4g.micro"
  allocated_storage      = 10
  storage_encrypted      = true
  username               = "app"
  password               = random_password.db.result
  db_subnet_group_name   = aws_db_subnet_group.db.name
  vpc_security_group_ids = var.security_group_ids
  publicly_accessible    = false
  skip_final_snapshot    = true
}
