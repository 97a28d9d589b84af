"""Guard against PySide6 releases that crash pyqtgraph while painting.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every Python-overridden
paint and dies with "Fatal Python error: none_dealloc" within a few hundred repaints.
The paint loop runs in a child process so a crash is reported as a failure, not as a
dead test run.
"""

import subprocess
import sys
import textwrap

PAINT_LOOP = textwrap.dedent(
    """
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    plot = pg.PlotWidget()
    plot.resize(800, 400)
    curves = [plot.plot(pen=pg.mkPen(width=1)) for _ in range(4)]
    plot.show()
    x = np.arange(5000, dtype=float)
    for frame in range(400):
        for index, curve in enumerate(curves):
            curve.setData(x, np.sin(x / 300.0 + frame / 10.0) + index)
        image = plot.grab().toImage()
        app.processEvents()
    assert image.width() == 800
    print("painted", frame + 1)
    """
)


def test_pyqtgraph_plot_survives_hundreds_of_repaints():
    result = subprocess.run(
        [sys.executable, "-c", PAINT_LOOP],
        capture_output=True,
        text=True,
        timeout=240,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, f"paint loop crashed:\n{result.stderr[-2000:]}"
    assert "painted 400" in result.stdout
