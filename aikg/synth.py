"""Synthetic provincial and ministry plans, to measure how the pipeline and the queries scale.

The real graph will hold every province's and every ministry's plan; today it holds two. `aikg synth`
writes N plans in the ontology and IRI scheme of the curated ones (data/hue-213-kh-ubnd.ttl,
data/hai-phong-du-thao.ttl): sections I-IV, tasks with lead/coordinating/implementing agencies, every
kind of timeframe, products, derivations from QĐ 367 tasks with notes, an optional appendix restating
the body, reporting obligations, recipients and a signatory, each fact with its provenance.

Nothing synthetic pretends to be real: places, plans, agencies, people and sources live under a
`synthetic` IRI path and are labelled "Tỉnh Tổng hợp 17", "Bộ Tổng hợp 3" (tổng hợp = synthetic).
Each plan also gets its source text, so `aikg validate` can check that every aikg:sourceText really is
at its lines. Real national bodies (the Ministry of Science and Technology, QĐ 367 and its tasks, the
drafts in data/drafts.ttl) are only referred to, as a real plan refers to them.

Gaps are kept at the rate of the real plans: a task without a product (Warning), a task naming only
"Cơ quan thực hiện" without a lead (Warning), a draft plan without number and date (Violation, like the
Hải Phòng draft). Output is deterministic: plan i depends only on (seed, i), and the Turtle is written
in a fixed order, so the same seed gives the same bytes.
"""

from __future__ import annotations

import math
import random
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aikg.progress import step

BASE = "https://w3id.org/aikg/"
QD = "eli/vn/qd/2026/367-qd-ttg"
YEAR = 2026
#: Lettered items in Vietnamese order; đ is written dd in IRIs (docs/MODEL.md).
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n")

#: The tasks of QĐ 367 a plan may follow: path under QD, notation and the national wording quoted in notes.
NATIONAL: dict[str, tuple[str, str]] = {
    "II/1": ("II.1", "Tổ chức truyền thông, phổ biến, giáo dục pháp luật, tập huấn về nội dung Luật và các văn bản "
                     "quy định chi tiết thi hành Luật Trí tuệ nhân tạo"),
    "II/2": ("II.2", "Rà soát văn bản quy phạm pháp luật"),
    "II/3/a": ("II.3.a", "Xây dựng Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật "
                         "Trí tuệ nhân tạo"),
    "II/3/b": ("II.3.b", "Xây dựng Nghị định quy định về Quỹ Phát triển trí tuệ nhân tạo quốc gia"),
    "II/3/c": ("II.3.c", "Xây dựng Quyết định của Thủ tướng Chính phủ ban hành Danh mục bộ dữ liệu phục vụ phát triển "
                         "trí tuệ nhân tạo trong các lĩnh vực thiết yếu"),
    "II/3/d": ("II.3.d", "Xây dựng Quyết định của Thủ tướng Chính phủ quy định Danh mục hệ thống trí tuệ nhân tạo có "
                         "rủi ro cao"),
    "II/3/dd": ("II.3.đ", "Xây dựng Thông tư của Bộ trưởng Bộ Khoa học và Công nghệ ban hành Khung đạo đức trí tuệ "
                          "nhân tạo quốc gia"),
    "II/4/a": ("II.4.a", "Cập nhật, ban hành Chiến lược quốc gia về trí tuệ nhân tạo; rà soát, đánh giá và cập nhật "
                         "định kỳ"),
    "II/4/b": ("II.4.b", "Lồng ghép mục tiêu, nhiệm vụ của Chiến lược quốc gia về trí tuệ nhân tạo vào chiến lược, kế "
                         "hoạch phát triển ngành, lĩnh vực, địa phương"),
    "II/4/c": ("II.4.c", "Trình Thủ tướng Chính phủ ban hành Chương trình quốc gia về phát triển nhân lực trí tuệ nhân "
                         "tạo"),
    "II/4/d": ("II.4.d", "Quy định chi tiết yêu cầu về an toàn, quản lý rủi ro và điều kiện triển khai đối với "
                         "việc ứng dụng trí tuệ nhân tạo"),
    "II/4/dd": ("II.4.đ", "Xây dựng tiêu chuẩn, quy chuẩn kỹ thuật, hướng dẫn chuyên ngành, chính sách khuyến khích "
                          "phát triển trí tuệ nhân tạo an toàn, tin cậy và có trách nhiệm"),
    "II/4/e": ("II.4.e", "Hướng dẫn về phân loại hệ thống trí tuệ nhân tạo trên cơ sở hồ sơ kỹ thuật"),
    "II/5/a": ("II.5.a", "Cổng thông tin điện tử một cửa về trí tuệ nhân tạo"),
    "II/5/b": ("II.5.b", "Cơ sở dữ liệu quốc gia về hệ thống trí tuệ nhân tạo"),
    "II/5/c": ("II.5.c", "Đầu tư, xây dựng và vận hành hạ tầng trí tuệ nhân tạo cung cấp như dịch vụ công"),
    "II/5/d": ("II.5.d", "Đầu tư, xây dựng và vận hành Cơ sở dữ liệu quốc gia về trí tuệ nhân tạo tại Trung tâm "
                         "dữ liệu quốc gia"),
    "II/5/dd": ("II.5.đ", "Cơ sở dữ liệu phục vụ trí tuệ nhân tạo ... được xây dựng, cập nhật và kết nối thống "
                          "nhất với Cơ sở dữ liệu quốc gia về trí tuệ nhân tạo"),
    "II/5/e": ("II.5.e", "Thành lập Quỹ Phát triển trí tuệ nhân tạo quốc gia"),
    "II/5/g": ("II.5.g", "Phát triển cụm liên kết trí tuệ nhân tạo"),
    "II/6": ("II.6", "Tổ chức kiểm tra việc thi hành Luật và các văn bản quy định chi tiết, hướng dẫn thi hành Luật"),
    "II/7": ("II.7", "Tổ chức các nội dung khác để thi hành Luật theo quy định pháp luật"),
}

#: Drafts of data/drafts.ttl a plan may ask comments on, by the QĐ 367 task that orders them built.
DRAFTS = {
    "II/3/a": "draft/nghi-dinh-quy-dinh-chi-tiet-luat-tri-tue-nhan-tao",
    "II/3/b": "draft/nghi-dinh-quy-phat-trien-tri-tue-nhan-tao-quoc-gia",
    "II/3/c": "draft/quyet-dinh-danh-muc-bo-du-lieu-linh-vuc-thiet-yeu",
    "II/3/d": "draft/quyet-dinh-danh-muc-he-thong-tri-tue-nhan-tao-rui-ro-cao",
    "II/3/dd": "draft/thong-tu-khung-dao-duc-tri-tue-nhan-tao-quoc-gia",
}


@dataclass(frozen=True)
class Template:
    """A kind of local task: its wording (vi, en), who usually leads it, its products and timeframes."""

    national: tuple[str, ...]
    vi: str
    en: str
    lead: str
    coordinating: tuple[str, ...]
    products: tuple[tuple[str, str], ...]  # (vi, en); several are written "a; b"
    timeframes: tuple[str, ...]            # keys of TIMEFRAMES
    weight: int = 1


#: Provincial task kinds, modelled on the Huế and Hải Phòng plans (which follow these QĐ 367 tasks).
PROVINCE_TASKS = (
    Template(("II/1",), "Tổ chức quán triệt, phổ biến, tập huấn truyền thông về nội dung Luật Trí tuệ nhân tạo và các "
             "văn bản quy định chi tiết", "Brief, disseminate and train on the AI Law and its detailing texts",
             "so-khoa-hoc-va-cong-nghe", ("so-tu-phap", "bao-phat-thanh-truyen-hinh-cap-tinh", "cac-so-ban-nganh",
                                          "ubnd-cap-xa"),
             (("Hội nghị, tọa đàm, tài liệu truyền thông, tài liệu phổ biến, tài liệu tập huấn",
               "Conferences, seminars, communication, dissemination and training materials"),),
             ("onward", "onward", "ongoing"), 4),
    Template(("II/2",), "Rà soát các văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân tỉnh ban hành có "
             "liên quan đến Luật; đề xuất sửa đổi, bổ sung, thay thế, bãi bỏ",
             "Review the provincial legal normative documents related to the Law and propose amendments or repeal",
             "so-tu-phap", ("so-khoa-hoc-va-cong-nghe", "cac-so-ban-nganh", "ubnd-cap-xa"),
             (("Báo cáo kết quả rà soát văn bản quy phạm pháp luật", "Report on the review of legal documents"),),
             ("ongoing", "ongoing", "onward"), 3),
    Template(("II/3/a", "II/3/b", "II/3/c", "II/3/d", "II/3/dd"), "Tham gia ý kiến đối với các dự thảo văn bản "
             "quy phạm pháp luật quy định chi tiết và hướng dẫn thi hành Luật",
             "Comment on the draft legal documents detailing and guiding the Law",
             "so-khoa-hoc-va-cong-nghe", ("so-tu-phap", "cac-co-quan-to-chuc-lien-quan"),
             (("Văn bản góp ý dự thảo", "Written comments on the drafts"),), ("request",), 1),
    Template(("II/4/a",), "Rà soát, cập nhật Kế hoạch của tỉnh về triển khai thực hiện Chiến lược quốc gia về trí tuệ "
             "nhân tạo", "Review and update the provincial plan implementing the National AI Strategy",
             "so-khoa-hoc-va-cong-nghe", ("cac-so-ban-nganh", "ubnd-cap-xa"),
             (("Kế hoạch được cập nhật", "Updated plan"),), ("periodic", "request"), 2),
    Template(("II/4/b",), "Lồng ghép mục tiêu, nhiệm vụ của Chiến lược quốc gia về trí tuệ nhân tạo vào kế hoạch phát "
             "triển ngành, lĩnh vực, địa phương và bảo đảm nguồn lực thực hiện",
             "Integrate the National AI Strategy into sectoral and local development plans, with resources",
             "so-tai-chinh", ("so-khoa-hoc-va-cong-nghe", "cac-so-ban-nganh", "ubnd-cap-xa"),
             (("Kế hoạch phát triển ngành, lĩnh vực có nội dung trí tuệ nhân tạo",
               "Sector plans with AI content"),), ("onward", "onward"), 3),
    Template(("II/4/c",), "Tham gia triển khai Chương trình quốc gia về phát triển nhân lực trí tuệ nhân tạo "
             "trên địa bàn",
             "Take part in the National Programme for AI human resources in the province",
             "so-giao-duc-va-dao-tao", ("so-noi-vu", "so-khoa-hoc-va-cong-nghe"),
             (("Kế hoạch đào tạo nhân lực trí tuệ nhân tạo", "AI human-resources training plan"),),
             ("roadmap", "onward"), 1),
    Template(("II/4/dd",), "Áp dụng tiêu chuẩn, quy chuẩn kỹ thuật, hướng dẫn chuyên ngành, chính sách khuyến "
             "khích phát triển trí tuệ nhân tạo an toàn, tin cậy và có trách nhiệm",
             "Apply standards, technical regulations and sector guidance for safe, trustworthy and responsible AI",
             "so-khoa-hoc-va-cong-nghe", ("cac-so-ban-nganh",),
             (("Văn bản hướng dẫn áp dụng", "Guidance on application"),
              ("Báo cáo kết quả áp dụng", "Report on application")), ("onward", "roadmap"), 2),
    Template(("II/4/e",), "Hướng dẫn tổ chức, doanh nghiệp trên địa bàn phân loại hệ thống trí tuệ nhân tạo "
             "trên cơ sở hồ sơ kỹ thuật", "Guide local organisations and businesses in classifying AI systems",
             "so-khoa-hoc-va-cong-nghe", ("cac-co-quan-to-chuc-lien-quan",),
             (("Tài liệu hướng dẫn phân loại", "Classification guidance"),), ("onward", "deadline"), 1),
    Template(("II/5/c",), "Khai thác hạ tầng trí tuệ nhân tạo dùng chung phục vụ quản lý nhà nước trên địa bàn",
             "Use the shared AI infrastructure for state management in the province",
             "so-khoa-hoc-va-cong-nghe", ("van-phong-ubnd-cap-tinh", "cong-thong-tin-dien-tu-cap-tinh"),
             (("Hệ thống được kết nối", "Connected systems"),), ("roadmap",), 1),
    Template(("II/5/dd",), "Xây dựng, cập nhật Cơ sở dữ liệu phục vụ trí tuệ nhân tạo của tỉnh, kết nối thống "
             "nhất với Cơ sở dữ liệu quốc gia về trí tuệ nhân tạo; bảo đảm chất lượng dữ liệu và an toàn thông tin",
             "Build and update the provincial AI database, connected to the National AI Database",
             "so-khoa-hoc-va-cong-nghe", ("cac-so-ban-nganh", "cong-an-cap-tinh", "ubnd-cap-xa"),
             (("Cơ sở dữ liệu phục vụ trí tuệ nhân tạo", "Database serving artificial intelligence"),),
             ("onward", "roadmap", "deadline"), 3),
    Template(("II/5/g",), "Nghiên cứu, đề xuất phát triển cụm liên kết trí tuệ nhân tạo trên địa bàn theo định "
             "hướng của Trung ương",
             "Study and propose an AI cluster in the province, as the central authorities direct",
             "so-khoa-hoc-va-cong-nghe", ("so-tai-chinh", "cac-co-quan-to-chuc-lien-quan"),
             (("Đề án phát triển cụm liên kết trí tuệ nhân tạo", "AI cluster scheme"),), ("roadmap", "deadline"), 1),
    Template(("II/6",), "Tổ chức kiểm tra việc thi hành Luật và các văn bản quy định chi tiết, hướng dẫn thi hành Luật",
             "Inspect the enforcement of the Law and its detailing texts",
             "so-khoa-hoc-va-cong-nghe", ("so-tu-phap", "cac-so-ban-nganh", "ubnd-cap-xa"),
             (("Văn bản báo cáo kết quả thi hành Luật trí tuệ nhân tạo", "Report on enforcing the AI Law"),),
             ("onward", "periodic"), 3),
    Template(("II/7",), "Tổ chức các nội dung khác để thi hành Luật trên địa bàn tỉnh",
             "Organise the other matters needed to implement the Law in the province",
             "so-khoa-hoc-va-cong-nghe", ("cac-so-ban-nganh", "ubnd-cap-xa"),
             (("Báo cáo kết quả thực hiện", "Implementation report"),), ("ongoing",), 1),
)

#: Ministry task kinds: ministries take up the drafting and the national systems that provinces do not.
MINISTRY_TASKS = (
    Template(("II/1",), "Tổ chức phổ biến Luật Trí tuệ nhân tạo cho cán bộ, công chức, viên chức của Bộ",
             "Disseminate the AI Law among the Ministry's staff", "van-phong-bo",
             ("vu-phap-che", "cac-don-vi-thuoc-bo"),
             (("Hội nghị, tài liệu phổ biến", "Conferences, dissemination materials"),), ("onward", "ongoing"), 2),
    Template(("II/2",), "Rà soát văn bản quy phạm pháp luật thuộc lĩnh vực quản lý của Bộ có liên quan đến Luật",
             "Review the Ministry's legal documents related to the Law", "vu-phap-che", ("cac-don-vi-thuoc-bo",),
             (("Báo cáo kết quả rà soát", "Review report"),), ("ongoing",), 2),
    Template(("II/3/a", "II/3/d"), "Phối hợp xây dựng các văn bản quy định chi tiết Luật thuộc lĩnh vực quản lý của Bộ",
             "Help draft the texts detailing the Law in the Ministry's field", "vu-phap-che",
             ("cuc-chuyen-doi-so", "cac-don-vi-thuoc-bo"), (("Văn bản góp ý", "Written comments"),),
             ("request", "deadline"), 2),
    Template(("II/4/d",), "Quy định chi tiết yêu cầu về an toàn, quản lý rủi ro khi ứng dụng trí tuệ nhân tạo trong "
             "ngành, lĩnh vực quản lý của Bộ", "Detail safety and risk requirements for AI in the Ministry's sector",
             "cuc-chuyen-doi-so", ("vu-phap-che",), (("Thông tư hướng dẫn", "Guiding circular"),),
             ("deadline", "onward"), 2),
    Template(("II/4/dd",), "Xây dựng tiêu chuẩn, quy chuẩn kỹ thuật, hướng dẫn chuyên ngành về trí tuệ nhân tạo thuộc "
             "lĩnh vực quản lý của Bộ", "Build AI standards and sector guidance in the Ministry's field",
             "cuc-chuyen-doi-so", ("vu-khoa-hoc-cong-nghe", "cac-don-vi-thuoc-bo"),
             (("Tiêu chuẩn, quy chuẩn kỹ thuật", "Standards and technical regulations"),), ("onward", "deadline"), 2),
    Template(("II/5/a", "II/5/b"), "Kết nối, cập nhật thông tin về hệ thống trí tuệ nhân tạo thuộc lĩnh vực quản "
             "lý vào Cổng thông tin điện tử một cửa và Cơ sở dữ liệu quốc gia về hệ thống trí tuệ nhân tạo",
             "Connect and report the sector's AI systems to the one-stop portal and the national database",
             "trung-tam-thong-tin", ("cuc-chuyen-doi-so",), (("Dữ liệu được cập nhật", "Updated data"),),
             ("roadmap", "ongoing"), 1),
    Template(("II/5/dd",), "Xây dựng Cơ sở dữ liệu phục vụ trí tuệ nhân tạo của Bộ, kết nối với Cơ sở dữ liệu "
             "quốc gia về trí tuệ nhân tạo", "Build the Ministry's AI database, connected to the National AI Database",
             "trung-tam-thong-tin", ("cuc-chuyen-doi-so", "cac-don-vi-thuoc-bo"),
             (("Cơ sở dữ liệu của Bộ", "The Ministry's database"),), ("roadmap", "deadline"), 2),
    Template(("II/6",), "Kiểm tra việc thi hành Luật trong ngành, lĩnh vực quản lý của Bộ",
             "Inspect the enforcement of the Law in the Ministry's sector", "thanh-tra-bo", ("vu-phap-che",),
             (("Kết luận kiểm tra", "Inspection conclusions"),), ("periodic", "onward"), 1),
)

#: Fields a province may name in a task, with the department that then leads it (gazetteer kinds).
SECTORS = (
    ("giáo dục và đào tạo", "education and training", "so-giao-duc-va-dao-tao"),
    ("văn hóa, thể thao và du lịch", "culture, sports and tourism", "so-van-hoa-the-thao-va-du-lich"),
    ("tư pháp", "justice", "so-tu-phap"),
    ("tài chính", "finance", "so-tai-chinh"),
    ("nội vụ", "home affairs", "so-noi-vu"),
    ("an ninh, trật tự", "security and public order", "cong-an-cap-tinh"),
    ("báo chí, truyền thông", "press and media", "bao-phat-thanh-truyen-hinh-cap-tinh"),
)

#: Provincial agencies by kind slug (data/vocab.ttl agency-kind/): vi label ({p} = the province), en, collective.
PROVINCE_AGENCIES = {
    "ubnd-cap-tinh": ("Ủy ban nhân dân {p}", "People's Committee of {e}", False),
    "lanh-dao-ubnd-cap-tinh": ("Chủ tịch và các Phó Chủ tịch Ủy ban nhân dân {p}",
                               "Chair and Vice-Chairs of the People's Committee of {e}", True),
    "van-phong-ubnd-cap-tinh": ("Văn phòng Ủy ban nhân dân {p}", "Office of the People's Committee of {e}", False),
    "so-khoa-hoc-va-cong-nghe": ("Sở Khoa học và Công nghệ", "Department of Science and Technology of {e}", False),
    "so-tu-phap": ("Sở Tư pháp", "Department of Justice of {e}", False),
    "so-tai-chinh": ("Sở Tài chính", "Department of Finance of {e}", False),
    "so-noi-vu": ("Sở Nội vụ", "Department of Home Affairs of {e}", False),
    "so-giao-duc-va-dao-tao": ("Sở Giáo dục và Đào tạo", "Department of Education and Training of {e}", False),
    "so-van-hoa-the-thao-va-du-lich": ("Sở Văn hóa, Thể thao và Du lịch",
                                       "Department of Culture, Sports and Tourism of {e}", False),
    "cong-an-cap-tinh": ("Công an {p}", "Police of {e}", False),
    "bao-phat-thanh-truyen-hinh-cap-tinh": ("Báo và Phát thanh, Truyền hình {p}",
                                            "Newspaper, Radio and Television of {e}", False),
    "cong-thong-tin-dien-tu-cap-tinh": ("Cổng thông tin điện tử {p}", "E-government portal of {e}", False),
    "cac-so-ban-nganh": ("Các sở, ban, ngành", "Departments, boards and sectors of {e} (collectively)", True),
    "ubnd-cap-xa": ("Ủy ban nhân dân các xã, phường", "People's Committees of the communes and wards of {e} "
                    "(collectively)", True),
    "cac-co-quan-to-chuc-lien-quan": ("Các cơ quan, tổ chức có liên quan", "Other relevant bodies of {e} "
                                      "(collectively)", True),
}

#: Units of a synthetic ministry (no gazetteer kind exists for them: agencyKind is left out, an Info).
MINISTRY_AGENCIES = {
    "van-phong-bo": ("Văn phòng {p}", "Office of {e}", False),
    "vu-phap-che": ("Vụ Pháp chế", "Legal Department of {e}", False),
    "vu-khoa-hoc-cong-nghe": ("Vụ Khoa học, Công nghệ", "Science and Technology Department of {e}", False),
    "cuc-chuyen-doi-so": ("Cục Chuyển đổi số", "Digital Transformation Agency of {e}", False),
    "trung-tam-thong-tin": ("Trung tâm Thông tin", "Information Centre of {e}", False),
    "thanh-tra-bo": ("Thanh tra {p}", "Inspectorate of {e}", False),
    "cac-don-vi-thuoc-bo": ("Các đơn vị thuộc {p}", "Units of {e} (collectively)", True),
}

#: Timeframes: (vi text, en text, kinds, has start year); {y} is the year, "deadline" adds a day.
TIMEFRAMES = {
    "onward": ("Năm {y} và các năm tiếp theo", "{y} and the following years", ("from-year-onward",), True),
    "ongoing": ("Thường xuyên", "Ongoing", ("ongoing",), False),
    "periodic": ("Năm {y}; cập nhật theo định kỳ hoặc theo yêu cầu thực tiễn",
                 "{y}; updated periodically or as practice requires", ("periodic", "on-request"), True),
    "request": ("Theo đề nghị của cơ quan có thẩm quyền", "At the request of the competent body", ("on-request",),
                False),
    "roadmap": ("Theo lộ trình, hướng dẫn của cơ quan Trung ương có thẩm quyền",
                "Following the roadmap and guidance of the competent central bodies", ("per-central-roadmap",), False),
    "deadline": ("Trước ngày {d}/{m}/{y}", "By {y}-{m2}-{d2}", ("deadline",), True),
}

#: Rates of the real gaps, per task (products, leads) and per provincial plan (blank number and date).
NO_PRODUCT_RATE = 0.05
NO_LEAD_RATE = 0.04
DRAFT_RATE = 0.08
MINISTRY_RATE = 0.3
APPENDIX_RATE = 0.4


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-', đ → d (docs/MODEL.md)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


# --- a tiny, ordered Turtle writer --------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """An IRI relative to the data base."""

    path: str


@dataclass(frozen=True)
class Lit:
    """A literal: language-tagged text, or a typed value (xsd:integer, xsd:date)."""

    text: str
    lang: str | None = None
    datatype: str | None = None


Obj = Ref | Lit


@dataclass
class Node:
    """A subject with its types and properties, written in the order they were added."""

    path: str
    types: list[str]
    props: list[tuple[str, list[Obj]]] = field(default_factory=list)

    def add(self, predicate: str, *objects: Obj) -> Node:
        if objects:
            self.props.append((predicate, list(objects)))
        return self


def vi(text: str) -> Lit:
    return Lit(unicodedata.normalize("NFC", text), "vi")


def en(text: str) -> Lit:
    return Lit(text, "en")


def integer(value: int) -> Lit:
    return Lit(str(value), datatype="xsd:integer")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def _term(obj: Obj) -> str:
    if isinstance(obj, Ref):
        return f"<{obj.path}>"
    if obj.lang:
        return f'"{_escape(obj.text)}"@{obj.lang}'
    if obj.datatype:
        return f'"{_escape(obj.text)}"^^{obj.datatype}'
    return f'"{_escape(obj.text)}"'


PREFIXES = """@prefix aikg: <https://w3id.org/aikg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/aikg/> .
"""


def turtle(nodes: Iterable[Node], header: str) -> str:
    """Nodes as Turtle in the layout of data/ (one block per subject, objects on continuation lines)."""
    out = ["".join(f"# {line}\n" for line in header.splitlines()), PREFIXES]
    for node in nodes:
        lines = [f"<{node.path}> a {' , '.join(node.types)}"]
        for predicate, objects in node.props:
            lines.append(f"    {predicate} " + " ,\n        ".join(_term(o) for o in objects))
        out.append("\n" + " ;\n".join(lines) + " .\n")
    return "".join(out)


# --- the source text of a plan, line by line ----------------------------------------------------------

class Document:
    """The synthetic plan's text: each fact is written as lines, and cites their numbers and exact text."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> tuple[int, int]:
        """Append lines; return the (first, last) line numbers (1-based)."""
        start = len(self.lines) + 1
        self.lines.extend(unicodedata.normalize("NFC", line) for line in lines)
        return start, len(self.lines)

    def blank(self) -> None:
        self.lines.append("")

    def text(self, span: tuple[int, int]) -> str:
        return "\n".join(self.lines[span[0] - 1:span[1]])

    def render(self) -> str:
        return "\n".join(self.lines) + "\n"


# --- one plan ------------------------------------------------------------------------------------------

@dataclass
class Task:
    """A task of the body (or a row of the appendix), before it is written."""

    notation: str
    path: str
    template: Template
    vi: str
    en: str
    lead: str | None
    coordinating: list[str]
    implementing: list[str]
    timeframe: str
    products: list[tuple[str, str]]
    national: list[str]
    deadline: tuple[int, int] = (30, 6)


@dataclass
class Plan:
    """One synthetic plan: its Turtle, its source text and what it holds (for tests and progress)."""

    index: int
    slug: str
    iri: str
    kind: str  # "province" or "ministry"
    draft: bool
    turtle: str
    text: str
    source_name: str
    tasks: list[str]
    appendix_rows: int
    gaps: dict[str, list[str]]


class _Writer:
    """Builds the nodes and the text of one plan from a seeded random generator."""

    def __init__(self, seed: int, index: int) -> None:
        self.rng = random.Random(f"aikg-synth:{seed}:{index}")
        self.seed, self.index = seed, index
        self.ministry = self.rng.random() < MINISTRY_RATE
        self.doc = Document()
        self.nodes: list[Node] = []
        self.used_agencies: set[str] = set()
        rng = self.rng
        if self.ministry:
            self.name_vi, self.name_en = f"Bộ Tổng hợp {index}", f"Synthetic Ministry {index}"
            self.slug = slugify(self.name_vi)
            self.place = "place/vn"
            self.draft = False
            self.number = f"{rng.randint(10, 299)}/KH-BTH{index}"
        else:
            city = rng.random() < 0.2
            self.name_vi = f"{'Thành phố' if city else 'Tỉnh'} Tổng hợp {index}"
            self.name_en = f"Synthetic {'City' if city else 'Province'} {index}"
            self.slug = slugify(self.name_vi)
            self.place = f"place/synthetic/{self.slug}"
            self.draft = rng.random() < DRAFT_RATE
            self.number = f"{rng.randint(100, 499)}/KH-UBND"
        self.lower_vi = self.name_vi[0].lower() + self.name_vi[1:]  # "tỉnh Tổng hợp 17" inside a sentence
        self.agency_root = f"agency/synthetic/{self.slug}"
        self.date = (YEAR, rng.randint(3, 9), rng.randint(1, 28))
        self.iri = f"eli/vn/synthetic/{self.slug}/kh/{YEAR}/" + ("du-thao" if self.draft else slugify(self.number))
        self.source_name = f"synthetic-{self.slug}-kh-{YEAR}.txt"
        self.source = f"source/{self.source_name}"
        self.gaps: dict[str, list[str]] = {"product": [], "lead agency": [], "number": [], "date": []}

    # agencies -----------------------------------------------------------------------------------------

    def agency(self, key: str) -> str:
        self.used_agencies.add(key)
        return f"{self.agency_root}/{key}" if key != "ministry" else self.agency_root

    def agency_label(self, key: str) -> str:
        if key == "ministry":
            return self.name_vi
        table = MINISTRY_AGENCIES if self.ministry else PROVINCE_AGENCIES
        return table[key][0].format(p=self.lower_vi if not self.ministry else self.name_vi)

    def agency_list_text(self, keys: list[str]) -> str:
        """How a plan writes several agencies: "Sở Tư pháp, các sở, ban, ngành và Ủy ban nhân dân …"."""
        names = [self.agency_label(k) for k in keys]
        names = [names[0]] + [n[0].lower() + n[1:] if n.startswith("Các") else n
                              for n in names[1:]]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]

    # building ------------------------------------------------------------------------------------------

    def prov(self, node: Node, span: tuple[int, int]) -> Node:
        node.add("aikg:sourceDocument", Ref(self.source))
        node.add("aikg:sourceLine", integer(span[0]))
        if span[1] != span[0]:
            node.add("aikg:sourceLineEnd", integer(span[1]))
        return node.add("aikg:sourceText", vi(self.doc.text(span)))

    def build(self) -> Plan:
        rng, doc = self.rng, self.doc
        issuer = "ministry" if self.ministry else "ubnd-cap-tinh"
        doc.add(f"[VĂN BẢN TỔNG HỢP — không có thật; do aikg synth sinh ra, seed {self.seed}, kế hoạch {self.index}]")
        doc.add(self.name_vi.upper() if self.ministry else f"ỦY BAN NHÂN DÂN {self.name_vi.upper()}")
        year, month, day = self.date
        number_line = (f"Số: /KH-UBND {self.name_vi}, ngày tháng năm {year}" if self.draft else
                       f"Số: {self.number} {self.name_vi}, ngày {day:02d} tháng {month:02d} năm {year}")
        where = f"của {self.name_vi}" if self.ministry else f"trên địa bàn {self.lower_vi}"
        title_vi = f"Triển khai thi hành Luật Trí tuệ nhân tạo {where}"
        head = doc.add(number_line, "", "KẾ HOẠCH", title_vi)
        basis = doc.add(f"Thực hiện Quyết định số 367/QĐ-TTg ngày 28/02/2026 của Thủ tướng Chính phủ về ban hành Kế "
                        f"hoạch triển khai thi hành Luật Trí tuệ nhân tạo, {self.agency_label(issuer)} ban hành Kế "
                        f"hoạch triển khai thi hành Luật với các nội dung như sau:")
        plan = Node(self.iri, ["aikg:ImplementationPlan" if self.ministry else "aikg:LocalPlan"])
        self.nodes.append(plan)
        title_en = f"Implementing the Law on Artificial Intelligence ({self.name_en}, synthetic)"
        label_vi = ("Kế hoạch " if self.draft else f"Kế hoạch số {self.number} ") + title_vi[0].lower() + title_vi[1:]
        which = "(draft, number and date blank)" if self.draft else self.number
        plan.add("rdfs:label", vi(label_vi), en(f"Synthetic plan {which} of {self.name_en}"))
        plan.add("aikg:title", vi(title_vi), en(title_en))
        if self.draft:
            self.gaps["number"].append(self.iri)
            self.gaps["date"].append(self.iri)
        else:
            plan.add("aikg:number", Lit(self.number))
            plan.add("aikg:date", Lit(f"{year}-{month:02d}-{day:02d}", datatype="xsd:date"))
        plan.add("aikg:issuedBy", Ref(self.agency(issuer)))
        plan.add("aikg:territory", Ref(self.place))
        plan.add("aikg:implements", Ref(QD))
        plan.add("aikg:legalBasis", Ref(QD))
        sections = self.sections()
        tasks = self.tasks(rng)
        appendix = (not self.ministry or rng.random() < 0.5) and rng.random() < APPENDIX_RATE
        self.section_two(tasks)
        funding = self.section_three()
        reports = self.section_four()
        signatory, block = self.signature()
        recipients = self.recipients()
        rows = self.appendix(tasks) if appendix else []
        plan.add("aikg:signedBy", Ref(signatory))
        plan.add("aikg:signatureBlock", vi(block))
        plan.add("aikg:hasPart", *(Ref(s) for s in sections), *([Ref(f"{self.iri}/appendix")] if rows else []))
        plan.add("aikg:hasTask", *(Ref(t.path) for t in tasks))
        plan.add("aikg:reportingObligation", *(Ref(r) for r in reports))
        plan.add("aikg:recipient", *(Ref(r) for r in recipients))
        plan.add("rdfs:comment", en(f"Synthetic plan written by `aikg synth` (seed {self.seed}, plan {self.index}); "
                                    f"not a real document. Funding: {funding} provisions."))
        self.prov(plan, (head[0], basis[1]))
        self.context_nodes()
        header = (f"Synthetic data written by aikg synth (seed {self.seed}, plan {self.index}): NOT a real plan.\n"
                  f"{self.name_vi} ({self.name_en}) is an invented place or body; every fact cites the synthetic "
                  f"source text sources/{self.source_name}.")
        return Plan(self.index, self.slug, BASE + self.iri, "ministry" if self.ministry else "province", self.draft,
                    turtle(self.nodes, header), doc.render(), self.source_name, [BASE + t.path for t in tasks],
                    len(rows), {k: [BASE + v for v in vs] for k, vs in self.gaps.items()})

    def sections(self) -> list[str]:
        """Section I (purpose) with its items; the other sections are written as they come."""
        doc = self.doc
        doc.blank()
        section = f"{self.iri}/I"
        span = doc.add("I. MỤC ĐÍCH, YÊU CẦU")
        items = []
        purpose = (("Mục đích", "Purpose", (
            ("Xác định cụ thể nội dung công việc, thời hạn và trách nhiệm của các cơ quan trong việc triển khai "
             "Quyết định số 367/QĐ-TTg.", "Set out the work, time limits and responsibilities for implementing "
             "Decision 367/QĐ-TTg."),
            ("Nâng cao nhận thức về Luật Trí tuệ nhân tạo.", "Raise awareness of the AI Law."))),
            ("Yêu cầu", "Requirements", (
                ("Bảo đảm sự phối hợp chặt chẽ, thường xuyên, hiệu quả giữa các cơ quan.",
                 "Ensure close, regular and effective coordination."),
                ("Thường xuyên kiểm tra, đôn đốc, tháo gỡ vướng mắc trong quá trình thực hiện.",
                 "Regularly inspect, urge and remove obstacles."))))
        for n, (head_vi, head_en, points) in enumerate(purpose, 1):
            item = f"{section}/{n}"
            item_span = doc.add(f"{n}. {head_vi}")
            node = Node(item, ["aikg:Item"]).add("rdfs:label", vi(head_vi), en(head_en))
            node.add("aikg:notation", Lit(f"I.{n}")).add("aikg:text", vi(head_vi)).add("aikg:isPartOf", Ref(section))
            self.nodes.append(node)
            subs = []
            for letter, (text_vi, text_en) in zip(LETTERS, points, strict=False):
                sub = f"{item}/{letter}"
                sub_span = doc.add(f"{letter}) {text_vi}")
                sub_node = Node(sub, ["aikg:Item"]).add("rdfs:label", vi(text_vi), en(text_en))
                sub_node.add("aikg:notation", Lit(f"I.{n}.{letter}")).add("aikg:text", vi(text_vi))
                sub_node.add("aikg:isPartOf", Ref(item))
                self.nodes.append(self.prov(sub_node, sub_span))
                subs.append(Ref(sub))
            node.add("aikg:hasPart", *subs)
            self.prov(node, item_span)
            items.append(Ref(item))
        sec = Node(section, ["aikg:Section"]).add("rdfs:label", vi("MỤC ĐÍCH, YÊU CẦU"), en("Purpose and requirements"))
        sec.add("aikg:notation", Lit("I")).add("aikg:isPartOf", Ref(self.iri)).add("aikg:hasPart", *items)
        self.nodes.append(self.prov(sec, span))
        return [f"{self.iri}/{s}" for s in ("I", "II", "III", "IV")]

    def tasks(self, rng: random.Random) -> list[Task]:
        """The tasks of section II: how many (5-100, most around 15), grouped under headings or not."""
        count = int(min(100, max(5, round(rng.lognormvariate(math.log(15), 0.6)))))
        templates = MINISTRY_TASKS if self.ministry else PROVINCE_TASKS
        weights = [t.weight for t in templates]
        tasks: list[Task] = []
        number = 0
        while len(tasks) < count:
            number += 1
            group = rng.random() < 0.25 and count - len(tasks) >= 2
            size = min(rng.randint(2, 5), count - len(tasks)) if group else 1
            for k in range(size):
                template = rng.choices(templates, weights)[0]
                notation = f"II.{number}" + (f".{LETTERS[k]}" if group else "")
                path = f"{self.iri}/II/{number}" + (f"/{'dd' if LETTERS[k] == 'đ' else LETTERS[k]}" if group else "")
                tasks.append(self.task(rng, template, notation, path))
        return tasks

    def task(self, rng: random.Random, template: Template, notation: str, path: str) -> Task:
        text_vi, text_en, lead = template.vi, template.en, template.lead
        coordinating = list(template.coordinating)
        if not self.ministry and rng.random() < 0.35:
            sector_vi, sector_en, sector_lead = rng.choice(SECTORS)
            text_vi, text_en = f"{text_vi} trong lĩnh vực {sector_vi}", f"{text_en}, in the field of {sector_en}"
            if sector_lead != lead:
                coordinating = [lead] + [c for c in coordinating if c != sector_lead]
                lead = sector_lead
        national = [rng.choice(template.national)] if len(template.national) == 1 or rng.random() < 0.7 else \
            list(template.national)
        if rng.random() < 0.03:
            national = []  # a local initiative that follows no national task
        products = list(template.products)
        if rng.random() < NO_PRODUCT_RATE:
            products = []
        implementing: list[str] = []
        if rng.random() < NO_LEAD_RATE:
            implementing, lead, coordinating = [lead, *coordinating], None, []
        return Task(notation, path, template, text_vi, text_en, lead, coordinating, implementing,
                    rng.choice(template.timeframes), products, national,
                    (rng.choice((15, 30, 31)), rng.choice((3, 6, 9, 12))))

    def section_two(self, tasks: list[Task]) -> None:
        doc = self.doc
        doc.blank()
        section = f"{self.iri}/II"
        span = doc.add("II. NỘI DUNG KẾ HOẠCH")
        parts: list[Ref] = []
        headings: dict[str, Node] = {}
        for task in tasks:
            parent = section
            if task.notation.count(".") == 2:
                heading_path = task.path.rsplit("/", 1)[0]
                if heading_path not in headings:
                    head_vi = "Thực hiện các nhiệm vụ quản lý nhà nước được giao trong Luật"
                    number = task.notation.split(".")[1]
                    doc.blank()
                    head_span = doc.add(f"{number}. {head_vi}")
                    node = Node(heading_path, ["aikg:Item"]).add("rdfs:label", vi(head_vi), en(
                        "Performing the state-management tasks assigned by the Law"))
                    node.add("aikg:notation", Lit(f"II.{number}")).add("aikg:text", vi(head_vi))
                    node.add("aikg:isPartOf", Ref(section))
                    self.prov(node, head_span)
                    node.add("rdfs:comment", en("A heading that groups lettered tasks: an aikg:Item, not a task."))
                    headings[heading_path] = node
                    self.nodes.append(node)
                    parts.append(Ref(heading_path))
                parent = heading_path
            else:
                parts.append(Ref(task.path))
            self.body_task(task, parent)
        for path, node in headings.items():
            node.add("aikg:hasPart", *(Ref(t.path) for t in tasks if t.path.rsplit("/", 1)[0] == path))
        sec = Node(section, ["aikg:Section"]).add("rdfs:label", vi("NỘI DUNG KẾ HOẠCH"), en("Contents of the plan"))
        sec.add("aikg:notation", Lit("II")).add("aikg:isPartOf", Ref(self.iri)).add("aikg:hasPart", *parts)
        self.nodes.insert(1, self.prov(sec, span))

    def timeframe_text(self, task: Task) -> tuple[str, str]:
        text_vi, text_en, _, _ = TIMEFRAMES[task.timeframe]
        day, month = task.deadline
        day = min(day, 30 if month in (6, 9) else day)
        return (text_vi.format(y=YEAR, d=day, m=month),
                text_en.format(y=YEAR, d2=f"{day:02d}", m2=f"{month:02d}"))

    def timeframe_node(self, path: str, task: Task, span: tuple[int, int], owner: str) -> Node:
        text_vi, text_en = self.timeframe_text(task)
        _, _, kinds, has_year = TIMEFRAMES[task.timeframe]
        node = Node(path, ["aikg:Timeframe"]).add("rdfs:label", vi(text_vi), en(text_en))
        if has_year:
            node.add("aikg:startYear", integer(YEAR))
        node.add("aikg:timeframeKind", *(Ref(f"timeframe-kind/{k}") for k in kinds))
        if task.timeframe == "deadline":
            day, month = task.deadline
            day = min(day, 30 if month in (6, 9) else day)
            node.add("aikg:deadline", Lit(f"{YEAR}-{month:02d}-{day:02d}", datatype="xsd:date"))
        node.add("rdfs:comment", en(f"Thời gian thực hiện of {owner}."))
        return self.prov(node, span)

    def product_nodes(self, base: str, products: list[tuple[str, str]], span: tuple[int, int],
                      owner: str) -> list[Node]:
        nodes = []
        for n, (text_vi, text_en) in enumerate(products, 1):
            node = Node(f"{base}/product/{n}", ["aikg:Product"]).add("rdfs:label", vi(text_vi), en(text_en))
            node.add("rdfs:comment", en(f"Sản phẩm of {owner}."))
            nodes.append(self.prov(node, span))
        return nodes

    def derivation(self, node: Node, task: Task, what: str) -> None:
        if not task.national:
            node.add("rdfs:comment", en("A local initiative: it follows no task of QĐ 367 (no aikg:derivesFrom)."))
            return
        node.add("aikg:derivesFrom", *(Ref(f"{QD}/{n}") for n in task.national))
        quoted = "; ".join(f"QĐ 367 {NATIONAL[n][0]} \"{NATIONAL[n][1]}\"" for n in task.national)
        node.add("aikg:derivationNote", en(f"{what} \"{task.vi}\" takes up {quoted} (synthetic link, written by "
                                           f"aikg synth)."))

    def body_task(self, task: Task, parent: str) -> None:
        doc = self.doc
        doc.blank()
        marker = task.notation.rsplit(".", 1)[-1]
        first = doc.add(f"{marker}{')' if task.notation.count('.') == 2 else '.'} {task.vi}")
        node = Node(task.path, ["aikg:Item", "aikg:Task"]).add("rdfs:label", vi(task.vi), en(task.en))
        node.add("aikg:notation", Lit(task.notation)).add("aikg:text", vi(task.vi))
        node.add("aikg:isPartOf", Ref(parent)).add("aikg:isTaskOf", Ref(self.iri))
        if task.lead:
            lead_text = self.agency_label(task.lead)
            doc.add(f"- Cơ quan chủ trì: {lead_text}.")
            node.add("aikg:leadAgency", Ref(self.agency(task.lead))).add("aikg:leadAgencyText", vi(lead_text))
        if task.coordinating:
            text = self.agency_list_text(task.coordinating)
            doc.add(f"- Cơ quan phối hợp: {text}.")
            node.add("aikg:coordinatingAgency", *(Ref(self.agency(k)) for k in task.coordinating))
            node.add("aikg:coordinatingAgencyText", vi(text))
        if task.implementing:
            text = self.agency_list_text(task.implementing)
            doc.add(f"- Cơ quan thực hiện: {text}.")
            node.add("aikg:implementingAgency", *(Ref(self.agency(k)) for k in task.implementing))
            node.add("aikg:implementingAgencyText", vi(text))
            self.gaps["lead agency"].append(task.path)
        tf_vi, _ = self.timeframe_text(task)
        tf_span = doc.add(f"- Thời gian thực hiện: {tf_vi}.")
        node.add("aikg:timeframe", Ref(f"{task.path}/timeframe"))
        extra: list[Node] = [self.timeframe_node(f"{task.path}/timeframe", task, tf_span, f"task {task.notation}")]
        if task.products:
            text = "; ".join(p[0] for p in task.products)
            product_span = doc.add(f"- Sản phẩm: {text}.")
            node.add("aikg:productText", vi(text + "."))
            node.add("aikg:product", *(Ref(f"{task.path}/product/{n}") for n in range(1, len(task.products) + 1)))
            extra += self.product_nodes(task.path, task.products, product_span, f"task {task.notation}")
            last = product_span[1]
        else:
            node.add("rdfs:comment", en(f"The body states no product (Sản phẩm) for {task.notation}: a real gap, "
                                        "kept at the rate of the curated plans."))
            self.gaps["product"].append(task.path)
            last = tf_span[1]
        if set(task.national) & set(DRAFTS) and task.template.national[0].startswith("II/3"):
            node.add("aikg:asksForCommentOn", *(Ref(DRAFTS[n]) for n in task.national if n in DRAFTS))
        self.derivation(node, task, f"Synthetic task {task.notation}")
        self.prov(node, (first[0], last))
        self.nodes.append(node)
        self.nodes.extend(extra)

    def section_three(self) -> int:
        doc = self.doc
        doc.blank()
        section = f"{self.iri}/III"
        span = doc.add("III. KINH PHÍ")
        texts = (("Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước theo phân cấp hiện hành và các nguồn "
                  "kinh phí hợp pháp khác theo quy định của pháp luật.",
                  "Funding comes from the state budget as currently decentralised and other lawful sources."),
                 ("Căn cứ nhiệm vụ được giao, các cơ quan lập dự toán kinh phí gửi cơ quan tài chính tổng hợp, trình "
                  "cấp có thẩm quyền phê duyệt.",
                  "Agencies draw up cost estimates for the finance body to consolidate."))
        items = []
        for n, (text_vi, text_en) in enumerate(texts, 1):
            item_span = doc.add(f"{n}. {text_vi}")
            node = Node(f"{section}/{n}", ["aikg:Item", "aikg:FundingProvision"]).add("rdfs:label", vi(text_vi),
                                                                                       en(text_en))
            node.add("aikg:notation", Lit(f"III.{n}")).add("aikg:text", vi(text_vi))
            node.add("aikg:isPartOf", Ref(section)).add("aikg:fundingText", vi(text_vi))
            self.nodes.append(self.prov(node, item_span))
            items.append(Ref(f"{section}/{n}"))
        sec = Node(section, ["aikg:Section"]).add("rdfs:label", vi("KINH PHÍ"), en("Funding"))
        sec.add("aikg:notation", Lit("III")).add("aikg:isPartOf", Ref(self.iri)).add("aikg:hasPart", *items)
        self.nodes.append(self.prov(sec, span))
        return len(items)

    def section_four(self) -> list[str]:
        """Section IV and the reporting obligations it sets (semiannual, annual, urgent, consolidated, ad hoc)."""
        doc, rng = self.doc, self.rng
        doc.blank()
        section = f"{self.iri}/IV"
        span = doc.add("IV. TỔ CHỨC THỰC HIỆN")
        focal = "vu-phap-che" if self.ministry else "so-khoa-hoc-va-cong-nghe"
        units = ["cac-don-vi-thuoc-bo"] if self.ministry else ["cac-so-ban-nganh", "ubnd-cap-xa"]
        top = "ministry" if self.ministry else "ubnd-cap-tinh"
        focal_vi, units_vi, top_vi = (self.agency_label(focal), self.agency_list_text(units),
                                      self.agency_label(top))
        day1, day2 = rng.choice((10, 15, 20)), rng.choice((15, 20, 25))
        items: list[tuple[str, str, str]] = [
            (f"{focal_vi} có trách nhiệm theo dõi, đôn đốc và báo cáo {top_vi} việc thực hiện Kế hoạch này.",
             "The focal body follows up and reports on the plan.", ""),
            (f"{units_vi} gửi báo cáo định kỳ 6 tháng (trước {day1}/6) và báo cáo năm (trước {day1}/12) về {focal_vi}.",
             "Units report every six months and every year to the focal body.", "units"),
            (f"Khi phát sinh vấn đề cấp bách, báo cáo kịp thời về {focal_vi}.",
             "Urgent issues are reported promptly to the focal body.", "urgent"),
            (f"{focal_vi} tổng hợp báo cáo {top_vi} trước {day2}/6 và {day2}/12 hằng năm, hoặc đột xuất theo yêu cầu; "
             f"đồng thời báo cáo Bộ Khoa học và Công nghệ.", "The focal body consolidates the reports.", "focal"),
        ]
        parts, reports = [], []
        report_no = 0

        def obligation(label_vi: str, label_en: str, reporters: list[str], to: str, frequency: str,
                       item_span: tuple[int, int], due: tuple[int, int] | None, due_text: str) -> None:
            nonlocal report_no
            report_no += 1
            path = f"{self.iri}/report/{report_no}"
            node = Node(path, ["aikg:ReportingObligation"]).add("rdfs:label", vi(label_vi), en(label_en))
            node.add("aikg:reporter", *(Ref(self.agency(r)) for r in reporters))
            node.add("aikg:reportsTo", Ref(to if to.startswith("agency/vn/") else self.agency(to)))
            if frequency != "ad-hoc":
                node.add("aikg:reportContent", vi("Kết quả thực hiện nhiệm vụ, khó khăn, vướng mắc và kiến nghị"))
            node.add("aikg:frequency", Ref(f"report-frequency/{frequency}"))
            if due:
                node.add("aikg:dueDay", integer(due[0])).add("aikg:dueMonth", integer(due[1]))
            node.add("aikg:dueText", vi(due_text))
            self.nodes.append(self.prov(node, item_span))
            reports.append(path)

        for n, (text_vi, text_en, role) in enumerate(items, 1):
            item_span = doc.add(f"{n}. {text_vi}")
            node = Node(f"{section}/{n}", ["aikg:Item"]).add("rdfs:label", vi(text_vi), en(text_en))
            node.add("aikg:notation", Lit(f"IV.{n}")).add("aikg:text", vi(text_vi)).add("aikg:isPartOf", Ref(section))
            self.nodes.append(self.prov(node, item_span))
            parts.append(Ref(f"{section}/{n}"))
            if role == "units":
                obligation(f"Báo cáo định kỳ 6 tháng gửi {focal_vi} (trước {day1}/6)", "Six-monthly report to the "
                           "focal body", units, focal, "semiannual", item_span, (day1, 6), f"trước {day1}/6")
                obligation(f"Báo cáo năm gửi {focal_vi} (trước {day1}/12)", "Annual report to the focal body",
                           units, focal, "annual", item_span, (day1, 12), f"trước {day1}/12")
            elif role == "urgent":
                obligation(f"Báo cáo kịp thời về {focal_vi} khi phát sinh vấn đề cấp bách", "Urgent report",
                           units, focal, "urgent", item_span, None, "kịp thời")
            elif role == "focal":
                obligation(f"Báo cáo tổng hợp 6 tháng của {focal_vi} gửi {top_vi}", "Six-monthly consolidated report",
                           [focal], top, "semiannual", item_span, (day2, 6), f"trước {day2}/6")
                obligation(f"Báo cáo tổng hợp hằng năm của {focal_vi} gửi {top_vi}", "Annual consolidated report",
                           [focal], top, "annual", item_span, (day2, 12), f"trước {day2}/12")
                obligation(f"Báo cáo đột xuất theo yêu cầu của {focal_vi} gửi {top_vi}", "Ad hoc report on request",
                           [focal], top, "ad-hoc", item_span, None, "đột xuất theo yêu cầu")
                if rng.random() < 0.6:
                    obligation("Báo cáo hằng năm gửi Bộ Khoa học và Công nghệ", "Annual report to the Ministry of "
                               "Science and Technology", [focal], "agency/vn/bo-khoa-hoc-va-cong-nghe", "annual",
                               item_span, (day2, 12), f"trước {day2}/12")
        sec = Node(section, ["aikg:Section"]).add("rdfs:label", vi("TỔ CHỨC THỰC HIỆN"),
                                                   en("Implementation arrangements"))
        sec.add("aikg:notation", Lit("IV")).add("aikg:isPartOf", Ref(self.iri)).add("aikg:hasPart", *parts)
        self.nodes.append(self.prov(sec, span))
        return reports

    def signature(self) -> tuple[str, str]:
        doc = self.doc
        doc.blank()
        if self.ministry:
            block, position_vi, position_en = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG", "Thứ trưởng", "Deputy Minister"
        else:
            block, position_vi, position_en = ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Phó Chủ tịch",
                                               "Vice-Chair of the People's Committee")
        name = f"Người ký Tổng hợp {self.index}"
        span = doc.add(*block.split("\n"), "", name)
        path = f"person/synthetic/{slugify(name)}"
        node = Node(path, ["aikg:Signatory"]).add("rdfs:label", vi(name), en(f"Synthetic signatory {self.index}"))
        node.add("aikg:position", vi(position_vi), en(position_en))
        node.add("rdfs:comment", en("An invented signatory of a synthetic plan; no such person is meant."))
        self.nodes.append(self.prov(node, span))
        return path, block

    def recipients(self) -> list[str]:
        doc = self.doc
        doc.blank()
        doc.add("Nơi nhận:")
        entries: list[tuple[str, str, list[str]]] = [
            ("Bộ Khoa học và Công nghệ (b/c)", "Ministry of Science and Technology (for reporting)",
             ["agency/vn/bo-khoa-hoc-va-cong-nghe"]),
            ("Văn phòng Chính phủ", "Office of the Government", ["agency/vn/van-phong-chinh-phu"]),
        ]
        if not self.ministry:
            entries.append(("CT và các PCT UBND tỉnh", "Chair and Vice-Chairs of the People's Committee",
                            [self.agency("lanh-dao-ubnd-cap-tinh")]))
            entries.append(("Như mục IV", "As in section IV", [self.agency("so-khoa-hoc-va-cong-nghe"),
                                                               self.agency("cac-so-ban-nganh"),
                                                               self.agency("ubnd-cap-xa")]))
        else:
            entries.append(("Các đơn vị thuộc Bộ", "Units of the Ministry", [self.agency("cac-don-vi-thuoc-bo")]))
        entries.append(("Lưu: VT", "Filed: records office", []))
        paths = []
        for n, (text_vi, text_en, agencies) in enumerate(entries, 1):
            span = doc.add(f"- {text_vi};")
            path = f"{self.iri}/recipient/{n}"
            node = Node(path, ["aikg:Recipient"]).add("rdfs:label", vi(text_vi), en(text_en))
            node.add("aikg:recipientAgency", *(Ref(a) for a in agencies))
            self.nodes.append(self.prov(node, span))
            paths.append(path)
        return paths

    def appendix(self, tasks: list[Task]) -> list[str]:
        """A table restating every body task (STT, task, lead, coordinating, timeframe, product)."""
        doc, rng = self.doc, self.rng
        doc.blank()
        path = f"{self.iri}/appendix"
        title = f"Nhiệm vụ cụ thể triển khai thi hành Luật Trí tuệ nhân tạo ({self.name_vi})"
        span = doc.add("PHỤ LỤC", title)
        doc.add("STT\tTên công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tSản phẩm")
        rows = []
        for k, task in enumerate(tasks, 1):
            row_path = f"{path}/{k}"
            wording = task.vi if rng.random() < 0.8 else f"Tổ chức thực hiện: {task.vi[0].lower()}{task.vi[1:]}"
            timeframe = task if rng.random() < 0.85 else Task(**{**task.__dict__, "timeframe": "ongoing"})
            products = task.products or [("Văn bản có liên quan", "Related documents")]
            lead = task.lead or (task.implementing[0] if task.implementing else "so-khoa-hoc-va-cong-nghe")
            coordinating = task.coordinating or task.implementing[1:]
            tf_vi, _ = self.timeframe_text(timeframe)
            cells = [str(k), wording, self.agency_label(lead),
                     self.agency_list_text(coordinating) if coordinating else "", tf_vi,
                     "; ".join(p[0] for p in products)]
            row_span = doc.add("\t".join(cells))
            node = Node(row_path, ["aikg:AppendixRow"]).add("rdfs:label", vi(wording), en(task.en))
            node.add("aikg:notation", Lit(f"PL.{k}")).add("aikg:text", vi(wording))
            node.add("aikg:isPartOf", Ref(path)).add("aikg:restates", Ref(task.path))
            node.add("aikg:leadAgency", Ref(self.agency(lead))).add("aikg:leadAgencyText", vi(cells[2]))
            if coordinating:
                node.add("aikg:coordinatingAgency", *(Ref(self.agency(c)) for c in coordinating))
                node.add("aikg:coordinatingAgencyText", vi(cells[3]))
            node.add("aikg:timeframe", Ref(f"{row_path}/timeframe"))
            node.add("aikg:productText", vi(cells[5]))
            node.add("aikg:product", *(Ref(f"{row_path}/product/{n}") for n in range(1, len(products) + 1)))
            self.derivation(node, task, f"Appendix row {k}")
            self.nodes.append(self.prov(node, row_span))
            self.nodes.append(self.timeframe_node(f"{row_path}/timeframe", timeframe, row_span, f"appendix row {k}"))
            self.nodes.extend(self.product_nodes(row_path, products, row_span, f"appendix row {k}"))
            rows.append(row_path)
        node = Node(path, ["aikg:Appendix"]).add("rdfs:label", vi(title), en(f"Task table of the plan of "
                                                                            f"{self.name_en}"))
        node.add("skos:altLabel", vi("PHỤ LỤC"), en("Appendix")).add("aikg:notation", Lit("PL"))
        node.add("aikg:isPartOf", Ref(self.iri)).add("aikg:hasPart", *(Ref(r) for r in rows))
        self.nodes.append(self.prov(node, span))
        return rows

    def context_nodes(self) -> None:
        """The invented place, the issuing bodies this plan names and its source document."""
        if not self.ministry:
            place = Node(self.place, ["aikg:City"]).add("rdfs:label", vi(f"{self.name_vi} (tổng hợp)"),
                                                        en(f"{self.name_en} (synthetic)"))
            place.add("dcterms:isPartOf", Ref("place/vn"))
            place.add("rdfs:comment", en("An invented administrative unit of the synthetic data; not a real place."))
            self.nodes.append(place)
        table = MINISTRY_AGENCIES if self.ministry else PROVINCE_AGENCIES
        name_en = self.name_en
        for key in sorted(self.used_agencies):
            path = self.agency(key)
            if key == "ministry":
                node = Node(path, ["aikg:Agency"]).add("rdfs:label", vi(self.name_vi), en(name_en))
                node.add("aikg:jurisdiction", Ref("place/vn"))
                node.add("rdfs:comment", en("An invented ministry of the synthetic data; not a real body."))
                self.nodes.append(node)
                continue
            _, label_en, collective = table[key]
            node = Node(path, ["aikg:AgencyCollective" if collective else "aikg:Agency"])
            node.add("rdfs:label", vi(self.agency_label(key)), en(label_en.format(e=name_en)))
            node.add("aikg:jurisdiction", Ref(self.place))
            if not self.ministry:
                node.add("aikg:agencyKind", Ref(f"agency-kind/{key}"))
            self.nodes.append(node)
        source = Node(self.source, ["aikg:SourceDocument"])
        source.add("rdfs:label", vi(f"Kế hoạch tổng hợp của {self.name_vi} (văn bản tổng hợp, không có thật)"),
                   en(f"Synthetic plan of {self.name_en} (generated text, not a real document)"))
        source.add("dcterms:source", en(f"Generated by aikg synth, seed {self.seed}, plan {self.index}."))
        source.add("dcterms:identifier", Lit(f"sources/{self.source_name}"))
        self.nodes.append(source)


def synth_plan(seed: int, index: int) -> Plan:
    """Plan number `index` (1-based) of the synthetic set for `seed`: the same (seed, index), the same plan."""
    return _Writer(seed, index).build()


def synth_plans(count: int, seed: int) -> Iterator[Plan]:
    """Plans 1..count of the synthetic set for `seed`."""
    for index in range(1, count + 1):
        yield synth_plan(seed, index)


@dataclass
class SynthResult:
    """What `write_synthetic` wrote."""

    plans: list[Plan]
    data_files: list[Path]
    source_files: list[Path]

    @property
    def task_count(self) -> int:
        return sum(len(p.tasks) for p in self.plans)


def write_synthetic(count: int, seed: int, out: Path, quiet: bool = False) -> SynthResult:
    """Write plans 1..count into out/data/ (Turtle) and out/sources/ (their texts): the layout of a project."""
    if count < 1:
        raise ValueError("the number of plans must be at least 1")
    data_dir, sources_dir = Path(out) / "data", Path(out) / "sources"
    data_dir.mkdir(parents=True, exist_ok=True)
    sources_dir.mkdir(parents=True, exist_ok=True)
    plans, data_files, source_files = [], [], []
    every = max(1, count // 10)
    with step(f"writing {count} synthetic plans (seed {seed}) to {data_dir} and {sources_dir}", quiet):
        for plan in synth_plans(count, seed):
            data_file = data_dir / f"synthetic-{plan.slug}.ttl"
            source_file = sources_dir / plan.source_name
            data_file.write_text(plan.turtle, encoding="utf-8")
            source_file.write_text(plan.text, encoding="utf-8")
            plans.append(plan)
            data_files.append(data_file)
            source_files.append(source_file)
            if not quiet and (plan.index % every == 0 or plan.index == count):
                print(f"  {plan.index}/{count} plans, {sum(len(p.tasks) for p in plans)} tasks", file=sys.stderr,
                      flush=True)
    return SynthResult(plans, data_files, source_files)
