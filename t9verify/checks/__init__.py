"""Record checks, one module per area of spec/audit-export.md."""
