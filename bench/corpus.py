"""`showcase.py corpus N OUT`: a deterministic synthetic showcase of N courts, for benchmarks.

Each court gets about 10 brands (with tribunal projects, carriers, two years of metrics and
dated updates), 3 model individuals and about 30 case write-ups of realistic length, all valid
under the contract. The text is assembled from phrases, so the same N always gives the same bytes.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

MARKER = ".showcase-corpus"  # only folders carrying this marker are ever wiped
REGIONS = ["青州", "云岭", "江城", "北川", "南塘", "东湖", "西山", "临江", "桐乡", "柳岸", "石门", "兰溪"]
PROVINCES = ["东岳", "西陵", "南岭", "北原", "中川", "海阳", "云梦", "天池", "长风", "白沙", "金岭", "玉泉"]
# The geography of the country: about 3,100 basic courts in 333 prefecture-level cities, in 31
# provinces. A corpus of N courts spreads them so, and a city holds the same few courts at any N.
COURTS_PER_CITY = 9
CITIES_PER_PROVINCE = 11
BRAND_WORDS = [
    "党旗引领",
    "红心向党",
    "天平向党",
    "忠诚警魂",
    "法润民生",
    "初心如磐",
    "清风廉韵",
    "枫桥经验",
    "诉服先锋",
    "利剑护民",
]
UNITS = [
    "立案庭",
    "刑事审判庭",
    "民事审判庭",
    "行政审判庭",
    "执行局",
    "审判管理办公室",
    "政治部",
    "办公室",
    "司法警察大队",
    "人民法庭",
]
THEMES = ["党建+审判", "党建+为民", "党建+执行", "党建+基层治理", "党建+廉政", "党建+队伍"]
PHRASES = [
    "支部坚持把党建工作与审判执行工作同谋划、同部署、同落实",
    "党员法官带头办理疑难复杂案件，发挥示范作用",
    "通过主题党日把学习课堂搬到田间地头和社区广场",
    "建立周例会复盘机制，组员自评与组长点评相结合",
    "以案释法，让群众在每一个案件中感受到公平正义",
    "推行诉前调解与司法确认衔接，矛盾纠纷就地化解",
    "青年干警在导师带领下承办具体项目，快速成长",
    "结合双报到活动，党员深入村屯开展普法宣讲",
    "把廉政教育融入日常管理，筑牢拒腐防变思想防线",
    "对民生案件实行快立快审快执，缩短群众等待时间",
    "依托信息化平台实时更新项目进展，形成比学赶超氛围",
    "聘请人民调解员、网格员参与纠纷化解，形成工作合力",
    "定期梳理典型案例，向党委政府提出司法建议",
    "设置党员示范岗，亮身份、亮承诺、亮标准",
]


def city(court: int) -> str:
    """The city of the corpus's `court`-th court (0-based): 青州, 云岭 … then 青岭, 云城 …"""
    k = court // COURTS_PER_CITY
    first, second = k % len(REGIONS), (k % len(REGIONS) + k // len(REGIONS)) % len(REGIONS)
    name = REGIONS[first][0] + REGIONS[second][1]
    return name if k < len(REGIONS) ** 2 else f"{name}{k // len(REGIONS) ** 2 + 1}"


def province(court: int) -> str:
    k = court // COURTS_PER_CITY // CITIES_PER_PROVINCE
    name = PROVINCES[k % len(PROVINCES)]
    return f"示例{name}省" if k < len(PROVINCES) else f"示例{name}{k // len(PROVINCES) + 1}省"


def _paragraph(rng: random.Random, sentences: int) -> str:
    return "；".join(rng.choice(PHRASES) for _ in range(sentences)) + "。"


def _case_body(rng: random.Random, court_name: str, brand_name: str) -> str:
    sections = []
    for heading in ("背景", "做法", "成效", "启示"):
        paragraphs = "\n\n".join(_paragraph(rng, 6) for _ in range(4))
        sections.append(f"## {heading}\n\n{court_name}“{brand_name}”品牌：{paragraphs}")
    return "\n\n".join(sections) + "\n"


def _metrics(rng: random.Random, scale: int) -> dict[int, dict[str, float]]:
    metrics: dict[int, dict[str, float]] = {}
    for year in (2023, 2024):
        accepted = rng.randint(scale // 2, scale)
        closed = int(accepted * rng.uniform(0.76, 0.97))
        metrics[year] = {
            "cases_accepted": accepted,
            "cases_closed": closed,
            "closure_rate": round(closed / accepted * 100, 2),
            "party_lessons": rng.randint(2, 12),
        }
    return metrics


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _logo(path: Path, label: str, hue: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" '
            f'fill="hsl({hue},70%,40%)"/><text x="32" y="38" font-size="14" text-anchor="middle" '
            f'fill="#fff">{label}</text></svg>\n'
        ),
        encoding="utf-8",
    )


def generate(
    courts: int, out: Path, repo: Path, brands_per_court: int = 10, cases_per_brand: int = 3, seed: int = 20231227
) -> dict[str, int]:
    """Write the corpus into `out` (a fresh folder) and return counts of what was written."""
    rng = random.Random(seed)
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise FileExistsError(f"{out} 已存在且不是合成数据目录，不会清空它")
        shutil.rmtree(out)
    brands_dir = out / "brands"
    brands_dir.mkdir(parents=True)
    (out / MARKER).write_text("由 showcase.py corpus 生成；再次生成时会清空本目录。\n", encoding="utf-8")
    shutil.copy(repo / "brands" / "metrics.yml", brands_dir / "metrics.yml")
    _dump(
        brands_dir / "campaigns" / "bench-campaign.yml",
        {
            "id": "bench-campaign",
            "name": "全省法院党建品牌创建活动（基准测试）",
            "organiser": "示例高级人民法院",
            "years": [2023, 2024],
            "description": "用于性能基准测试的合成数据。",
        },
    )
    counts = {"courts": 0, "brands": 0, "projects": 0, "carriers": 0, "people": 0, "cases": 0}
    for c in range(courts):
        court_id = f"court-{c:03d}"
        region = city(c)
        court_name = f"{region}第{c + 1}基层人民法院"
        logo = f"brands/media/{court_id}/logo.svg"
        _logo(out / logo, region, (c * 37) % 360)
        _dump(
            brands_dir / "courts" / court_id / "court.yml",
            {
                "id": court_id,
                "name": court_name,
                "short_name": f"{region}{c + 1}院",
                "level": "基层",
                "region": f"{province(c)}{region}市",
                "master_brand": {
                    "name": f"党旗引领·法耀{region}{c + 1}",
                    "concept": _paragraph(rng, 3),
                    "founded": "2023-01",
                    "logo": {"path": logo, "explanation": "合成标识。"},
                },
                "organisation": {2024: {"branches": brands_per_court, "members": rng.randint(80, 240)}},
                "metrics": _metrics(rng, 12000),
                "campaigns": ["bench-campaign"],
                "updates": [
                    {"date": f"2024-{m:02d}-15", "title": f"{court_name}党建工作动态（{m}月）"} for m in (3, 9)
                ],
            },
        )
        counts["courts"] += 1
        for b in range(brands_per_court):
            brand_id = f"{court_id}-brand-{b:02d}"
            unit = UNITS[b % len(UNITS)]
            brand_name = f"{BRAND_WORDS[b % len(BRAND_WORDS)]}·{region}{c + 1}-{b + 1}"
            projects = []
            if unit == "人民法庭" or b % 2 == 0:
                projects.append(
                    {
                        "id": f"{brand_id}-p1",
                        "unit": f"{region}{b + 1}号{unit}",
                        "kind": "一庭一品一策" if unit == "人民法庭" else "党建特色项目",
                        "name": f"{rng.choice(THEMES)[3:]}品牌项目{b + 1}",
                        "summary": _paragraph(rng, 3),
                        "themes": [rng.choice(THEMES)],
                    }
                )
            carriers = []
            if b % 2 == 1:
                carriers.append(
                    {
                        "id": f"{brand_id}-c1",
                        "name": f"{region}法苑讲堂{b + 1}",
                        "kind": "讲堂",
                        "sessions_held": rng.randint(1, 20),
                        "description": _paragraph(rng, 2),
                    }
                )
            _dump(
                brands_dir / "courts" / court_id / "brands" / f"{brand_id}.yml",
                {
                    "id": brand_id,
                    "name": brand_name,
                    "court": court_id,
                    "branch": f"{unit}党支部",
                    "liaison": f"{unit}党支部组织委员",
                    "stage": rng.choice(["培育", "成熟", "示范"]),
                    "founded": f"2023-{rng.randint(1, 12):02d}",
                    "concept": _paragraph(rng, 4),
                    "themes": sorted({rng.choice(THEMES), rng.choice(THEMES)}),
                    "projects": projects,
                    "carriers": carriers,
                    "metrics": _metrics(rng, 1500),
                    "updates": [
                        {
                            "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            "title": f"{brand_name}开展主题党日活动",
                            "body": _paragraph(rng, 2),
                        }
                        for _ in range(3)
                    ],
                },
            )
            counts["brands"] += 1
            counts["projects"] += len(projects)
            counts["carriers"] += len(carriers)
            for k in range(cases_per_brand):
                case_path = out / "docs" / "cases" / court_id / f"{brand_id}-case-{k}.md"
                case_path.parent.mkdir(parents=True, exist_ok=True)
                meta = {
                    "title": f"{brand_name}：党建引领{rng.choice(THEMES)[3:]}的实践（{k + 1}）",
                    "brand": brand_id,
                    "court": court_id,
                    "year": 2024,
                    "authors": [f"{court_name}机关党委"],
                    "summary": _paragraph(rng, 2),
                    "themes": [rng.choice(THEMES)],
                    "criteria": {
                        "innovation": _paragraph(rng, 1),
                        "practicality": _paragraph(rng, 1),
                        "operability": _paragraph(rng, 1),
                        "exemplarity": _paragraph(rng, 1),
                    },
                    "selections": [
                        {
                            "date": "2024-06",
                            "level": "市",
                            "outcome": rng.choice(["推荐", "入选", "获评"]),
                            "campaign": "bench-campaign",
                        }
                    ],
                }
                front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
                case_path.write_text(f"---\n{front}---\n\n{_case_body(rng, court_name, brand_name)}", encoding="utf-8")
                counts["cases"] += 1
        for p in range(3):
            person_id = f"{court_id}-person-{p}"
            _dump(
                brands_dir / "courts" / court_id / "people" / f"{person_id}.yml",
                {
                    "id": person_id,
                    "name": f"{region}先进{c + 1}-{p + 1}",
                    "court": court_id,
                    "brand": f"{court_id}-brand-{p:02d}",
                    "title": "审判员",
                    "honors": [{"year": 2024, "title": "优秀共产党员", "level": "市"}],
                    "story": _paragraph(rng, 5),
                },
            )
            counts["people"] += 1
    _project_files(out, repo)
    return counts


def _project_files(out: Path, repo: Path) -> None:
    """Make the corpus a project `mkdocs build -f OUT/mkdocs.yml` builds: the repository's
    mkdocs.yml with its hooks pointing back into the repository, and the site's own assets."""
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    for hook in sorted((repo / "hooks").glob("*.py")):
        config = config.replace(f"  - hooks/{hook.name}\n", f"  - {hook.resolve().as_posix()}\n")
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(repo / "docs" / "assets", out / "docs" / "assets")
