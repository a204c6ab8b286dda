"""The contact importer, one module per job: reading the file, checking its rows (in a
process of its own), loading them into the team, and reporting on the run.
`import_contacts` wires them together."""
