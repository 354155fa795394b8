"""Component ids: one constant per component, so callbacks and tests never drift apart."""

URL = "url"
URL_WRITE = "url-write"  # the query string the view wants; pushed by a clientside callback
URL_PUSHED = "url-pushed"
HISTORY = "history-store"  # set by assets/history.js on back/forward
NOTICES = "notices"
EMPTY_MESSAGE = "empty-message"
GRAPH = "network-graph"
# Not a component: the page's JSON block of the first figure (ui/layout.first_paint_block).
FIRST_FIGURE = "first-figure"
CURRENT_DATE = "current-date"
DATASET_LABEL = "dataset-label"

SLIDER = "timeline-slider"
RANGE_SLIDER = "timeline-range"
RANGE_CONTAINER = "timeline-range-container"
SLIDER_CONTAINER = "timeline-slider-container"
WINDOW_MODE = "window-mode"
STEP_BACK = "step-back"
STEP_FORWARD = "step-forward"
PLAY = "play"
PLAY_SPEED = "play-speed"
PLAY_INTERVAL = "play-interval"
RENDERED = "rendered-step"
EVENT_STRIP = "event-strip"
EVENT_TICK = "event-tick"  # pattern-matching type

LAYOUT = "layout-choice"
SIZE = "size-choice"
COLOR = "color-choice"
TYPES = "types-choice"
SIGN = "sign-choice"
MIN_WEIGHT = "min-weight"
CONFIDENCE = "confidence-choice"
REGION = "region-choice"
BLOC = "bloc-choice"
HIDE_ISOLATES = "hide-isolates"
FLOWS = "flows"
FOCUS = "focus-choice"
HOPS = "hops-choice"
FOCUS_MODE = "focus-mode-choice"
RESET = "reset-view"

PANEL_TABS = "panel-tabs"
PANEL_CONTENT = "panel-content"
COMPARE = "compare-choice"
DYAD_FIRST = "dyad-first"
DYAD_SECOND = "dyad-second"
HIGHLIGHT = "highlight-store"
TRAJECTORY = "trajectory-graph"
DYAD_TIMELINE = "dyad-timeline"
TRIAD = "triad-button"  # pattern-matching type
COMPARE_FORMED = "compare-formed"
METRICS_GRID = "metrics-grid"

EXPORT_MENU = "export-menu"
EXPORT_BUTTON = "export-button"  # pattern-matching type: {"type": EXPORT_BUTTON, "format": ...}
EXPORT_IMAGE = "export-image"  # pattern-matching type: {"type": EXPORT_IMAGE, "format": ...}
EXPORT_SCALE = "export-scale"
EXPORT_DOWNLOAD = "export-download"
EXPORT_STATUS = "export-status"
COPY_LINK = "copy-link"

UPLOAD = "upload"
UPLOAD_REPORT = "upload-report"
ADD_LAYER = "add-layer"
PENDING_LAYER = "pending-layer"
LAYERS = "layers-store"
LAYER_TOGGLE = "layer-toggle"
CURATED = "curated"  # the value of the curated dataset in LAYER_TOGGLE

STORY = "story-state"  # {"story": id, "step": n} of the open story, or None
STORY_BOX = "story-box"
STORY_BACK = "story-back"
STORY_NEXT = "story-next"
STORY_CLOSE = "story-close"
STORY_START = "story-start"  # pattern-matching type: {"type": STORY_START, "story": id}
STORY_OFFER = "story-offer"
STORY_OFFER_SEEN = "story-offer-seen"  # local storage: the offer was dismissed once
STORY_OFFER_DISMISS = "story-offer-dismiss"
STORY_MENU = "story-menu"
STORY_CONTENT = "story-content"
PAIR_SCORE = "pair-score"
CHANGES = "changes"  # what formed, ended or flipped since the previous month shown
CHANGES_FROM = "changes-from"  # the month the list compares with
CHANGE_ITEM = "change-item"  # pattern-matching type: {"type": CHANGE_ITEM, "pair": "A,B"}
GRAPH_CAPTION = "graph-caption"
CONTROLS = "controls"
CONTROLS_TOGGLE = "controls-toggle"
COMPARE_PASSED = "compare-passed"
METHODOLOGY_LINK = "methodology-link"  # the header's link to the methodology page
MONTHS = "months-order"  # the server's order to assets/timeline.js: which pack, which month
MONTHS_HELD = "months-held"  # the key of the month pack assets/timeline.js holds
STORY_DOWNLOAD_BUTTON = "story-download-button"  # the story box's "Download this story (HTML)"
STORY_DOWNLOAD = "story-download"  # its dcc.Download
