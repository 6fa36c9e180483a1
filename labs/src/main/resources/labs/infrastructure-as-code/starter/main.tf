# Staging as it was clicked together, then written down. State stays on whoever ran apply last.
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

resource "aws_db_instance" "main" {
  identifier     = "acme-staging"
  engine         = "postgres"
  engine_version = "16.4"
  instance_class = "db.t4g.small"

  allocated_storage = 20

  db_name  = "shop"
  username = "shop"
  password = "staging-password-1"

  vpc_security_group_ids = ["sg-0a1b2c3d4e5f67890"]
  publicly_accessible    = true

  backup_retention_period = 0
  deletion_protection     = true

  lifecycle {
    prevent_destroy = true
  }
}
