# Fixes for QWeb PDF printing on current Debian/Ubuntu.
from . import models
