"""Reading, patching, archiving and restoring one contact, and duplicates, through HTTP."""
