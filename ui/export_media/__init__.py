"""Images, a standalone page and an animation of a view: the media side of the exports.

- :func:`figure_for`: the page's figure of a view, for print (white, 1600 x 1000 px, a title
  and a caption line naming the dataset, its version, the date or window and the filters);
- :func:`render_images`: PNG or SVG bytes of figures, through kaleido in one headless Chromium
  session per batch (:class:`RenderSession` starts the browser in the background, so a caller
  can load its data while Chromium starts);
- :func:`standalone_html`: one self-contained HTML file: the graph with a slider over every
  month of the timeline, readable offline;
- :func:`animation_gif`: an animated GIF of the timeline over a span, the month drawn large on
  each frame;
- :func:`story_html`: one self-contained HTML file of a story: each step's graph, text and
  sources, with Back, Next and the arrow keys.

One module per topic: :mod:`ui.export_media.images` (figures, kaleido),
:mod:`ui.export_media.animation` (GIF), :mod:`ui.export_media.page` (the standalone page),
:mod:`ui.export_media.story_page` (a story's page) and :mod:`ui.export_media.formats` (the
registry of every export format and :func:`export_file`);
``from ui.export_media import X`` reads them all.

The package uses ``graph.view_state``, ``ui.model`` and ``ui.figures`` (the page's own view, scene
and figure), never dash nor the callbacks; kaleido, plotly.js and Pillow are imported when needed.
"""

from ui.export_media.animation import GIF_SIZE, MAX_GIF_FRAMES, animation_gif, gif_months, gif_span
from ui.export_media.formats import (
    BROWSER_FORMATS,
    FILE_FORMATS,
    MEDIA_FORMATS,
    ExportFile,
    export_file,
    export_view,
    media_basename,
)
from ui.export_media.images import (
    CHROMIUM_HINT,
    IMAGE_FORMATS,
    PRINT_SIZE,
    WORLD_TOPOJSON,
    ExportError,
    RenderSession,
    caption_text,
    figure_for,
    render_images,
)
from ui.export_media.page import standalone_html
from ui.export_media.story_page import story_basename, story_html

__all__ = [
    "BROWSER_FORMATS",
    "CHROMIUM_HINT",
    "FILE_FORMATS",
    "GIF_SIZE",
    "IMAGE_FORMATS",
    "MAX_GIF_FRAMES",
    "MEDIA_FORMATS",
    "PRINT_SIZE",
    "WORLD_TOPOJSON",
    "ExportError",
    "ExportFile",
    "RenderSession",
    "animation_gif",
    "caption_text",
    "export_file",
    "export_view",
    "figure_for",
    "gif_months",
    "gif_span",
    "media_basename",
    "render_images",
    "standalone_html",
    "story_basename",
    "story_html",
]
