-- An organization's business name (what PUT organizations/{id} stores and
-- GET organizations/{id} answers as `businessName`).
ALTER TABLE organizations ADD COLUMN business_name TEXT;
