"""What the Ward Desk bundle leaves out, and why. Used by ``ward_desk.spec``; unit-tested without a build.

PyInstaller's Qt hooks collect every plugin and library of each imported Qt module, plus Qt's translations for
every language. Ward Desk is an offline widgets app in Vietnamese and English, so QML/Quick, WebEngine, 3D,
multimedia, network-information and TLS plugins, foreign translations and test folders are dropped, and then
every top-level shared library that nothing kept still needs (the GTK stack behind the gtk3 theme plugin, for
example) goes too.
"""

from __future__ import annotations

import re

EXCLUDES = [
    "tkinter", "_tkinter", "pydoc_data", "lib2to3", "idlelib", "ensurepip", "venv",
    "readline",  # (and libreadline, libtinfo) only an interactive prompt uses it
    # Chinese, Japanese and Korean codecs (1 MB): an unknown encoding is then a LookupError, as for any other;
    # xlsx is UTF-8 XML, and Vietnamese code pages (cp1258) are plain Python codecs.
    "_codecs_jp", "_codecs_kr", "_codecs_cn", "_codecs_hk", "_codecs_tw", "_codecs_iso2022", "_multibytecodec",
    "pytest", "_pytest", "pytestqt", "hypothesis", "pytest_timeout", "pip", "setuptools", "PyInstaller",
    # lxml is a dependency (python-docx parses and writes .docx XML with lxml.etree; openpyxl then uses it
    # too), but PyInstaller's hook-lxml collects every lxml submodule. python-docx and openpyxl import only
    # lxml.etree (which loads lxml._elementpath; libxml2 and libxslt are linked into etree's .so itself, so
    # there is no separate libxslt to drop). These are never imported (4.5 MB); the self-test's narrative
    # report step writes and re-opens a .docx and fills the example form, so a wrong guess fails the build:
    "lxml.objectify",  # 2.9 MB data-binding API
    "lxml.html", "lxml.cssselect",  # HTML parsing and diffing (lxml/html/*.so, 1 MB)
    "lxml.isoschematron",  # Schematron validation with its XSL resources
    "lxml.sax", "lxml.builder", "lxml.ElementInclude", "lxml.doctestcompare", "lxml.usedoctest",
    "lxml.pyclasslookup",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick", "PySide6.QtWebChannel",
    "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2", "PySide6.QtQuick3D",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DExtras", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio",
    "PySide6.QtTextToSpeech", "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning",
    "PySide6.QtLocation", "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtGraphsWidgets", "PySide6.QtPdf",
    "PySide6.QtPdfWidgets", "PySide6.QtTest", "PySide6.QtHttpServer", "PySide6.QtNetworkAuth",
    "PySide6.QtCanvasPainter", "PySide6.QtLabsStyleKit", "PySide6.QtQmlFeatures", "PySide6.QtAsyncio",
    # The QtCharts hook adds these Python bindings (9 MB), but QtCharts loads only their C++ libraries, which
    # stay (libQt6Charts links them).
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    # Python bindings the app never imports (libQt6DBus itself stays: libQt6Gui and the IBus input plugin link it).
    "PySide6.QtDBus",
]

# Files the hooks still pull in that the app never loads (matched against the path inside the bundle).
_DROP = [
    r"Qt6?WebEngine", r"QtWebEngineProcess", r"Qt6?Quick", r"Qt6?Qml", r"Qt6?3D", r"Qt6?Multimedia",
    r"Qt6?Pdf", r"Qt6?VirtualKeyboard", r"Qt6?Designer", r"Qt6?Location", r"Qt6?Sensors",
    r"/qml/", r"[/\\]qml[/\\]", r"plugins[/\\](qmltooling|multimedia|sceneparsers|renderers|renderplugins|"
    r"geometryloaders|assetimporters|geoservices|position|sensors|canbus|texttospeech|webview|designer|"
    r"virtualkeyboard|sqldrivers|scxmldatamodel|egldeviceintegrations|wayland-[a-z-]+)[/\\]",
    r"[/\\]tests?[/\\]", r"libavcodec|libavformat|libavutil|libswscale|libswresample",
    r"opengl32sw\.dll", r"Qt6?ShaderTools",  # (QtCharts needs Qt6OpenGL and Qt6OpenGLWidgets: kept)
    r"Qt6?Wayland", r"Qt6?WlShell", r"Qt6?EglFs", r"Qt6?EglFSDeviceIntegration",
    # Platform plugins: Windows keeps qwindows; Linux keeps xcb (X11 and XWayland), offscreen and minimal.
    r"platforms[/\\]lib(qeglfs|qlinuxfb|qminimalegl|qvkkhrdisplay|qvnc|qwayland)",
    r"platformthemes[/\\]libqgtk3",  # would drag in the whole GTK stack; Qt's own style is used instead
    r"plugins[/\\]generic[/\\]",  # evdev/tuio input for kiosks
    # The app's only images are its PNG icon and ICO; no SVG anywhere (icons, resources, theme icons are not
    # asked for), so the SVG image/icon plugins and libQt6Svg go (0.8 MB). JPEG and GIF (0.6 MB) likewise: Qt's
    # PDF writer (printing) then stores pictures losslessly instead of as JPEG, which it falls back to anyway.
    r"imageformats[/\\]q?(libq)?(icns|tga|tiff|wbmp|webp|pdf|svg|jpeg|gif)",
    r"plugins[/\\]iconengines[/\\]", r"Qt6?Svg",
    # OpenGL for xcb windows: nothing draws with OpenGL (charts are a raster QGraphicsView), and without these
    # Qt paints every widget with its raster engine, as QT_XCB_GL_INTEGRATION=none does (libxcb-glx goes too).
    r"plugins[/\\]xcbglintegrations[/\\]",
    # python-docx's unpacked copy of default.docx (1 MB), the source it is zipped from: at run time it reads
    # only templates/default.docx and templates/default-*.xml.
    r"docx[/\\]templates[/\\]default-docx-template[/\\]",
    r"plugins[/\\](networkinformation|tls)[/\\]",  # offline app: no network status, no TLS (glib, gio)
]
_DROP_RE = re.compile("|".join(_DROP), re.IGNORECASE)
_TRANSLATION_RE = re.compile(r"translations[/\\]\w+?_([a-zA-Z_]+)\.qm$")


def keep(dest: str) -> bool:
    """False for bundle paths that only unused Qt modules or foreign languages need."""
    path = "/" + dest.replace("\\", "/")
    if _DROP_RE.search(path):
        return False
    match = _TRANSLATION_RE.search(path)
    if match and match.group(1).split("_")[0] not in ("vi", "en"):
        return False
    return True


def _is_root(dest: str) -> bool:
    """Files kept for their own sake; shared libraries at the top level are kept only if something needs them."""
    name = dest.replace("\\", "/")
    return ("/" in name or ".cpython-" in name or name.endswith(".pyd") or name.lower().startswith("libpython")
            or re.match(r"(?i)python3\d*\.dll$", name) is not None)


def prune_orphans(binaries):
    """Drop top-level libraries only the dropped plugins needed (e.g. GTK, cairo): the closure of what remains.

    Walked breadth-first because Windows reports direct imports only (Linux's ldd reports them all).
    """
    from PyInstaller.depend import bindepend

    by_name = {entry[0].lower(): entry for entry in binaries if not _is_root(entry[0])}
    queue = [entry for entry in binaries if _is_root(entry[0]) and entry[2] != "SYMLINK"]
    needed: set[str] = set()
    while queue:
        dest, src, typecode = queue.pop()
        for name, _path in bindepend.get_imports(src):
            name = name.lower()
            if name not in needed:
                needed.add(name)
                entry = by_name.get(name)
                if entry is not None and entry[2] != "SYMLINK":
                    queue.append(entry)
    kept, orphans = [], []
    for entry in binaries:
        (kept if _is_root(entry[0]) or entry[0].lower() in needed else orphans).append(entry)
    return kept, orphans
