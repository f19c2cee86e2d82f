from . import test_assets
from . import test_printing
