"""Every user-facing word of the review, in Hindi and English, kept together so neither is missed.

Whole phrases only (never glued fragments), so a translator sees each sentence entire. The web
dashboard moves these into gettext catalogues; the reports read them from here.
"""

from __future__ import annotations

__all__ = ["LABELS", "label"]

LABELS: dict[str, tuple[str, str]] = {
    # pillars
    "activity": ("Activity", "सक्रियता"),
    "engagement": ("Engagement", "जन-सहभागिता"),
    "responsiveness": ("Responsiveness", "प्रत्युत्तरशीलता"),
    # indicators
    "posts": ("Posts", "पोस्ट"),
    "active_days": ("Active days", "सक्रिय दिन"),
    "consistency": ("Posting consistency (share of weeks)", "पोस्टिंग की नियमितता (सप्ताहों का अंश)"),
    "engagement_per_post_per_1k": (
        "Engagement per post per 1,000 followers", "प्रति पोस्ट प्रति 1,000 फ़ॉलोअर सहभागिता"
    ),
    "follower_growth": ("Follower growth (%)", "फ़ॉलोअर वृद्धि (%)"),
    "answered_share": ("Share of citizen messages answered", "उत्तर दिए गए नागरिक संदेशों का अंश"),
    "median_response_hours": ("Median first response (hours)", "पहले उत्तर का माध्य समय (घंटे)"),
    # statuses
    "ranked": ("Ranked", "रैंक प्राप्त"),
    "insufficient_data": ("Insufficient data", "अपर्याप्त डेटा"),
    # table and page words
    "rank": ("Rank", "रैंक"),
    "department": ("Department", "विभाग"),
    "score": ("Score (0–100)", "अंक (0–100)"),
    "status": ("Status", "स्थिति"),
    "coverage": ("Data coverage", "डेटा कवरेज"),
    "title": ("Quarterly social-media review", "त्रैमासिक सोशल मीडिया समीक्षा"),
    "top3": ("Top 3 departments", "शीर्ष 3 विभाग"),
    "league_table": ("League table", "रैंकिंग तालिका"),
    "method": ("Method", "पद्धति"),
    "quarter": ("Quarter", "तिमाही"),
    "sample_banner": (
        "SAMPLE DATA — generated for demonstration; not real departmental records.",
        "नमूना डेटा — प्रदर्शन हेतु बनाया गया; यह विभागों का वास्तविक डेटा नहीं है।",
    ),
    "insufficient_note": (
        "Departments with insufficient data are not ranked: a gap in data is not a quiet quarter.",
        "अपर्याप्त डेटा वाले विभागों को रैंक नहीं दी गई: डेटा का अभाव निष्क्रियता नहीं माना जाता।",
    ),
    "method_note": (
        "Indicators are scaled 0–100 across ranked departments (min–max), averaged within pillars "
        "and then across pillars with the weights below; missing indicators are re-weighted away.",
        "संकेतकों को रैंक प्राप्त विभागों में 0–100 पर मापा गया (न्यूनतम–अधिकतम), फिर नीचे दिए "
        "भारांकों से स्तंभों में और स्तंभों के बीच औसत निकाला गया; अनुपलब्ध संकेतकों का भार शेष में बाँटा गया।",
    ),
    "weight": ("Weight", "भारांक"),
    "pillar": ("Pillar", "स्तंभ"),
    "indicator": ("Indicator", "संकेतक"),
    "value": ("Value", "मान"),
    "data_sample": ("Sample data", "नमूना डेटा"),
    "data_real": ("Departmental data", "विभागीय डेटा"),
}


def label(key: str, lang: str = "en") -> str:
    en, hi = LABELS[key]
    return hi if lang == "hi" else en
