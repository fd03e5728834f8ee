"""What every chart shares."""


def current_axes(ax=None):
    """``ax`` itself, or the current matplotlib Axes when ``ax`` is None."""
    import matplotlib.pyplot as plt

    return ax if ax is not None else plt.gca()
