# Another correct design: S3-native state locking (Terraform 1.10+), a password RDS keeps in Secrets Manager,
# tags on each resource from a local, the network looked up by its tags instead of passed in.
terraform {
  required_version = ">= 1.10"
  backend "s3" {
    bucket       = "acme-staging-tfstate"
    key          = "env/staging.tfstate"
    region       = "eu-central-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = "eu-central-1"
}

locals {
  tags = {
    environment = var.env
    owner       = "platform"
  }
}

data "aws_vpc" "staging" {
  tags = { Name = "staging" }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.staging.id]
  }
  tags = { Tier = "private" }
}

resource "aws_kms_key" "state" {
  enable_key_rotation = true
  tags                = local.tags
}

resource "aws_s3_bucket" "tfstate" {
  bucket = "acme-staging-tfstate"
  tags   = merge(local.tags, { Name = "acme-staging-tfstate" })
}

resource "aws_s3_bucket_versioning" "tfstate" {
  bucket = "acme-staging-tfstate"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "tfstate" {
  bucket = aws_s3_bucket.tfstate.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.id
    }
  }
}

resource "aws_s3_bucket_public_access_block" "tfstate" {
  bucket = aws_s3_bucket.tfstate.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_security_group" "db" {
  name   = "staging-db"
  vpc_id = data.aws_vpc.staging.id
  tags   = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "db_from_vpc" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = data.aws_vpc.staging.cidr_block
  from_port         = 5432
  to_port           = 5432
  ip_protocol       = "tcp"
  tags              = local.tags
}

resource "aws_db_subnet_group" "db" {
  name       = "staging-db"
  subnet_ids = data.aws_subnets.private.ids
  tags       = local.tags
}

resource "aws_db_instance" "db" {
  identifier                  = "staging-db"
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  storage_encrypted           = true
  username                    = "app"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.db.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  backup_retention_period     = var.backup_days
  final_snapshot_identifier   = "staging-db-final"
  tags                        = local.tags
}
