#!/usr/bin/env python
"""Same as the `joinedup` console script, for those used to manage.py."""

from joinedup.__main__ import main

if __name__ == "__main__":
    main()
