from . import test_layout_din5008
