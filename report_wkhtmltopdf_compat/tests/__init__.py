from . import test_assets
