# Variables of the staging environment.
