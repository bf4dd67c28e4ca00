"""Insights for the partnership board (issue 15): read-only figures over the other apps, through
their QuerySets. The app owns only what it imports: area indicator data and the partnership's
lines."""
