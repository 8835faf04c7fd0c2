"""Page layout and fonts after GB/T 9704-2012 (党政机关公文格式), with free substitutes.

The standard asks for A4, a 156 × 225 mm type area (top margin 37 mm, left 28 mm), titles in
2号 方正小标宋, body in 3号 仿宋_GB2312, 22 lines of 28 characters, and page numbers as
`— 1 —` in 4号 宋体, odd pages on the right and even pages on the left, one character in
from the edge of the type area and 7 mm below it. The PDF and DOCX writers both read the
numbers here, so the two outputs cannot drift apart.

方正小标宋 and 仿宋_GB2312 are not free. The PDF uses Debian's CJK fonts instead, each with
a documented fallback chain (first installed family wins):

    role      GB/T 9704 face    PDF (Debian package)                         fallbacks
    title     方正小标宋        Noto Serif CJK SC Bold (fonts-noto-cjk)      AR PL UMing CN, WenQuanYi Zen Hei
    body      仿宋_GB2312       AR PL UKai CN (fonts-arphic-ukai)            Noto Serif CJK SC, WenQuanYi Zen Hei
    heading   黑体 (一级标题)   Noto Sans CJK SC (fonts-noto-cjk)            WenQuanYi Zen Hei
    kai       楷体 (二级标题)   AR PL UKai CN (fonts-arphic-ukai)            Noto Serif CJK SC
    song      宋体 (页码)       Noto Serif CJK SC (fonts-noto-cjk)           AR PL UMing CN

AR PL UKai is a kai (楷) face; no free fang-song (仿宋) face is packaged in Debian, and kai is
the closest in weight and stroke. The editable DOCX names the official faces by default
(Word on office machines has them) and lists free alternates in its font table.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

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
    official: str  # the GB/T 9704 face, used by the DOCX "office" profile
    free: tuple[str, ...]  # Debian faces for the PDF, first installed wins
    office_alternates: tuple[str, ...]  # names Word may know the official face by

    @property
    def css(self) -> Markup:
        """A CSS font-family list; Markup because templates autoescape and these are constants."""
        return Markup(", ".join(f'"{family}"' for family in self.free) + ", serif")

    @property
    def svg(self) -> str:
        """The same list for an SVG font-family attribute (single quotes inside double)."""
        return ", ".join(f"'{family}'" for family in self.free)


TITLE = FontRole(
    "title",
    "方正小标宋简体",
    ("Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"),
    ("方正小标宋_GBK", "华文中宋", "宋体"),
)
BODY = FontRole(
    "body", "仿宋_GB2312", ("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"), ("仿宋", "FangSong")
)
HEADING = FontRole("heading", "黑体", ("Noto Sans CJK SC", "WenQuanYi Zen Hei"), ("SimHei",))
KAI = FontRole("kai", "楷体_GB2312", ("AR PL UKai CN", "Noto Serif CJK SC"), ("楷体", "KaiTi"))
SONG = FontRole("song", "宋体", ("Noto Serif CJK SC", "AR PL UMing CN"), ("SimSun",))
MONO = FontRole("mono", "宋体", ("Noto Sans Mono CJK SC", "WenQuanYi Zen Hei Mono"), ("Consolas",))
ROLES = (TITLE, BODY, HEADING, KAI, SONG, MONO)
LATIN_OFFICE = "Times New Roman"  # GB/T 9704 practice for digits and Latin in Word documents
REQUIRED_PACKAGES = "fonts-noto-cjk fonts-arphic-ukai"


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
