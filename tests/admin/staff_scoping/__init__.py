"""The admin as a team's staff user: every page and action sees and changes only their teams."""
