"""The Dash face of Realpolitik: layout, figures, panels and callbacks over ``graph``."""
