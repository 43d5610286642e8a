"""Activity files from a watch or a phone (FIT, GPX, TCX), read into a run's
summary: hht/activity/read.py is the way in. Only `hht log --run-file` and
`hht import-runs` import this package, and each format's library (fitdecode,
gpxpy, defusedxml) is imported only when a file of that format is read."""
