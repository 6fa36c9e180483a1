-- The fair-use submission budget (issue 14): each accepted submission remembers the token bucket it was charged to
-- and the budget in force then, so that an attempt ending "infrastructure" (our fault) gives its token back to the
-- same bucket, at most once. Portable across H2 and PostgreSQL.

ALTER TABLE submissions ADD COLUMN budget_key VARCHAR(300);           -- the bucket charged; null: no budget applied
ALTER TABLE submissions ADD COLUMN budget VARCHAR(32);                -- that budget, as text ("5/10m")
ALTER TABLE submissions ADD COLUMN budget_refunded_at TIMESTAMP WITH TIME ZONE;  -- set once, when refunded
