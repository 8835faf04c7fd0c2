"""Page layout and fonts after GB/T 9704-2012 (党政机关公文格式), with free substitutes.

The standard asks for A4, a 156 × 225 mm type area (top margin 37 mm, left 28 mm), titles in
2号 方正小标宋, body in 3号 仿宋_GB2312, 22 lines of 28 characters, and page numbers as
`— 1 —` in 4号 宋体, odd pages on the right and even pages on the left, one character in
from the edge of the type area and 7 mm below it. The PDF and DOCX writers both read the
numbers here, so the two outputs cannot drift apart.

The official faces (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are not free. The PDF uses
each when it is installed (fontconfig knows it) or when its font file sits in the project's
`fonts/` folder (see docs/guide/packets.md); otherwise a free Debian face stands in, and the
build says so once. `pdffonts packet.pdf` lists the faces a PDF embeds.

    role      GB/T 9704 face    free stand-in (Debian package)               further fallbacks
    title     方正小标宋简体    Noto Serif CJK SC Bold (fonts-noto-cjk)      AR PL UMing CN, WenQuanYi Zen Hei
    body      仿宋_GB2312       Noto Serif CJK SC (fonts-noto-cjk)           AR PL UMing CN, WenQuanYi Zen Hei
    heading   黑体 (一级标题)   Noto Sans CJK SC (fonts-noto-cjk)            WenQuanYi Zen Hei
    kai       楷体_GB2312       AR PL UKai CN (fonts-arphic-ukai)            Noto Serif CJK SC
    song      宋体 (页码)       Noto Serif CJK SC (fonts-noto-cjk)           AR PL UMing CN

No free fang-song (仿宋) face is packaged in Debian. 仿宋 is a song (宋) face with even strokes,
so the song face Noto Serif CJK stands in for it; kai (楷) is handwriting, a different style, and
keeps its own role (二级标题, emphasis). The editable DOCX names the official faces by default
(Word on office machines has them) and lists free alternates in its font table.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from markupsafe import Markup

MM_PER_PT = 25.4 / 72

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TYPE_WIDTH_MM = 156.0
TYPE_HEIGHT_MM = 225.0
MARGIN_TOP_MM = 37.0
MARGIN_LEFT_MM = 28.0
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TYPE_WIDTH_MM  # 26 mm
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TYPE_HEIGHT_MM  # 35 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

TITLE_PT = 22.0  # 2号
BODY_PT = 16.0  # 3号
PAGE_NUMBER_PT = 14.0  # 4号
TABLE_PT = 12.0  # 小四: tables and captions would not fit in 3号
PAGE_NUMBER_GAP_MM = 7.0  # 一字线上距版心下边缘 7 mm

LINE_PITCH_PT = TYPE_HEIGHT_MM / MM_PER_PT / LINES_PER_PAGE  # ≈ 28.95 pt
CHAR_PITCH_PT = TYPE_WIDTH_MM / MM_PER_PT / CHARS_PER_LINE  # ≈ 15.79 pt
# 28 characters of 16 pt (448 pt) are wider than 156 mm (442.2 pt), so characters are set
# slightly tighter, as Word's "每行 28 字" grid does. A hair extra keeps the 28th character
# from wrapping on rounding.
LETTER_SPACING_PT = round(CHAR_PITCH_PT - BODY_PT, 2) - 0.01


@dataclass(frozen=True)
class FontRole:
    name: str
    official: str  # the GB/T 9704 face, used by the DOCX "office" profile and by the PDF when present
    free: tuple[str, ...]  # Debian faces for the PDF, first installed wins
    office_alternates: tuple[str, ...]  # names Word may know the official face by

    @property
    def candidates(self) -> tuple[str, ...]:
        """Every family that may play the role, the official ones first."""
        return (self.official, *self.office_alternates, *self.free)

    @property
    def css(self) -> Markup:
        """A CSS font-family list of the free faces; Markup because templates autoescape and these are constants."""
        return _css_list(self.free)

    @property
    def svg(self) -> str:
        """The same list for an SVG font-family attribute (single quotes inside double)."""
        return ", ".join(f"'{family}'" for family in self.free)


def _css_list(families: tuple[str, ...]) -> Markup:
    return Markup(", ".join(f'"{family}"' for family in dict.fromkeys(families)) + ", serif")


TITLE = FontRole(
    "title",
    "方正小标宋简体",
    ("Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"),
    ("方正小标宋_GBK", "华文中宋", "宋体"),
)
BODY = FontRole(
    "body", "仿宋_GB2312", ("Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"), ("仿宋", "FangSong")
)
HEADING = FontRole("heading", "黑体", ("Noto Sans CJK SC", "WenQuanYi Zen Hei"), ("SimHei",))
KAI = FontRole("kai", "楷体_GB2312", ("AR PL UKai CN", "Noto Serif CJK SC"), ("楷体", "KaiTi"))
SONG = FontRole("song", "宋体", ("Noto Serif CJK SC", "AR PL UMing CN"), ("SimSun",))
MONO = FontRole("mono", "宋体", ("Noto Sans Mono CJK SC", "WenQuanYi Zen Hei Mono"), ("Consolas",))
ROLES = (TITLE, BODY, HEADING, KAI, SONG, MONO)
OFFICIAL_ROLES = (TITLE, BODY, KAI, HEADING)  # the faces GB/T 9704 names; 宋体 page numbers and code are not checked
LATIN_OFFICE = "Times New Roman"  # GB/T 9704 practice for digits and Latin in Word documents
REQUIRED_PACKAGES = "fonts-noto-cjk fonts-arphic-ukai"
FONTS_DIR = "fonts"
"""Where a project keeps font files it may not redistribute (git-ignored): any .ttf, .otf or .ttc
whose family name is one of a role's official names is used for that role."""
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


@dataclass(frozen=True)
class ChosenFace:
    """The face one role uses in this build, and its fallbacks."""

    role: FontRole
    family: str
    official: bool  # the GB/T 9704 face (installed or from fonts/), not a free stand-in

    @property
    def css(self) -> Markup:
        return _css_list((self.family, *self.role.free))

    @property
    def svg(self) -> str:
        return ", ".join(f"'{family}'" for family in dict.fromkeys((self.family, *self.role.free)))


@dataclass(frozen=True)
class FontPlan:
    """Which face every role uses, and the @font-face rules for files from the fonts/ folder."""

    faces: dict[str, ChosenFace]
    files: tuple[tuple[str, Path], ...] = ()  # (family, font file)

    def __getattr__(self, name: str) -> ChosenFace:  # fonts.title.css in the templates
        try:
            return self.faces[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def font_faces(self) -> Markup:
        rules = [
            f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); }}'
            for family, path in self.files
        ]
        return Markup("\n".join(rules))

    @property
    def used(self) -> dict[str, str]:
        return {name: face.family for name, face in self.faces.items()}

    def warnings(self) -> list[str]:
        missing = [
            face.role.official for face in self.faces.values() if face.role in OFFICIAL_ROLES and not face.official
        ]
        if not missing:
            return []
        stand_ins = "、".join(
            f"{face.role.official}→{face.family}"
            for face in self.faces.values()
            if face.role in OFFICIAL_ROLES and not face.official
        )
        return [
            (
                f"未找到公文字体 {'、'.join(missing)}，PDF 改用开源字体（{stand_ins}）；把字体文件放进项目的 "
                f"{FONTS_DIR}/ 文件夹即可使用，见 docs/guide/packets.md"
            )
        ]


def font_families(path: Path) -> set[str]:
    """Every family name a font file declares (name IDs 1 and 16, any language: 仿宋_GB2312, FangSong_GB2312 …)."""
    found: set[str] = set()
    try:
        fonts = TTCollection(str(path)).fonts if path.suffix.lower() == ".ttc" else [TTFont(str(path), lazy=True)]
    except Exception:  # a broken or foreign file is simply not a font we can use
        return found
    for font in fonts:
        for record in font["name"].names if "name" in font else []:
            if record.nameID in (1, 16):
                try:
                    found.add(record.toUnicode().strip())
                except UnicodeDecodeError:
                    continue
    return found


def plan_fonts(root: Path | None = None, installed: set[str] | None = None) -> FontPlan:
    """The face for each role: an official face from fonts/ or installed, else the first free one installed."""
    families = installed if installed is not None else (installed_families() or set())
    files: list[tuple[str, Path]] = []
    supplied: set[str] = set()
    folder = root / FONTS_DIR if root is not None else None
    if folder is not None and folder.is_dir():
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.is_file()):
            names = font_families(path)
            for role in ROLES:
                official = [name for name in (role.official, *role.office_alternates) if name in names]
                if official and official[0] not in supplied:
                    files.append((official[0], path))
                    supplied.add(official[0])
    faces = {}
    for role in ROLES:
        officials = [name for name in (role.official, *role.office_alternates) if name in supplied or name in families]
        if officials and role is not MONO:
            faces[role.name] = ChosenFace(role, officials[0], True)
        else:
            free = [family for family in role.free if family in families]
            faces[role.name] = ChosenFace(role, free[0] if free else role.free[0], False)
    return FontPlan(faces, tuple(files))


class FontsMissing(RuntimeError):
    """No installed face can play a role; the PDF would show empty boxes."""


def installed_families() -> set[str] | None:
    """Families fontconfig knows for Chinese; None when fc-list is unavailable."""
    if not shutil.which("fc-list"):
        return None
    result = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    families: set[str] = set()
    for line in result.stdout.splitlines():
        families.update(part.strip() for part in line.split(","))
    return families


def check_fonts() -> list[str]:
    """Warnings for roles that fall back; raises FontsMissing when a role has no face at all."""
    families = installed_families()
    if families is None:
        return ["找不到 fc-list，无法检查中文字体是否安装"]
    warnings = []
    for role in ROLES:
        present = [family for family in role.free if family in families]
        if not present:
            raise FontsMissing(f"没有可用于“{role.official}”的中文字体（需要 {'、'.join(role.free)} 之一）")
        if present[0] != role.free[0]:
            warnings.append(f"未安装 {role.free[0]}，“{role.official}”改用 {present[0]}")
    return warnings
