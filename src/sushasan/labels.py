"""Every user-facing word of the review, in Hindi and English, kept together so neither is missed.

Whole phrases only (never glued fragments), so a translator sees each sentence entire. The web
dashboard moves these into gettext catalogues; the reports read them from here.
"""

from __future__ import annotations

__all__ = ["LABELS", "TICKET_STATE_LABELS", "counted", "label", "ticket_state_label"]

#: The grievance desk's ticket states (the keys are ``grievances.tickets.STATES``, in order) as
#: every place shows them: the e-mail digest and the dashboard read this one table, so a citizen's
#: ticket never goes by two names. A test checks it against the state machine.
TICKET_STATE_LABELS: dict[str, tuple[str, str]] = {
    "received": ("Received", "प्राप्त"),
    "acknowledged": ("Acknowledged", "पावती दी गई"),
    "in_progress": ("In progress", "कार्यवाही जारी"),
    "waiting_citizen": ("Waiting for the citizen", "नागरिक के उत्तर की प्रतीक्षा"),
    "disposed": ("Disposed", "निस्तारित"),
    "closed": ("Closed", "बंद"),
    "appeal": ("Appeal (reopened)", "अपील (पुनः खोली गई)"),
    "merged": ("Merged", "विलय किया गया"),
}

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
    "median_response_hours": (
        "Median first response (hours)", "पहले उत्तर के समय की माध्यिका (घंटे)"
    ),
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
    # pillars and indicators of method 2024.2
    "informativeness": ("Informativeness", "सूचनात्मकता"),
    "grievance": ("Grievance disposal", "शिकायत निस्तारण"),
    "website": ("Website", "वेबसाइट"),
    "informative_share": ("Share of informative posts", "सूचनाप्रद पोस्ट का अंश"),
    "hindi_share": ("Share of posts in Hindi", "हिन्दी में पोस्ट का अंश"),
    "english_share": ("Share of posts in English", "अंग्रेज़ी में पोस्ट का अंश"),
    "bilingual_share": ("Share of bilingual posts", "द्विभाषी पोस्ट का अंश"),
    "media_share": ("Share of posts with photos or video", "फ़ोटो या वीडियो वाली पोस्ट का अंश"),
    "disposed_in_time_share": (
        "Share of grievances disposed of in time", "समय पर निस्तारित शिकायतों का अंश"
    ),
    "median_disposal_days": (
        "Median days to dispose of a grievance", "शिकायत निस्तारण में लगे दिनों की माध्यिका"
    ),
    "reopen_rate": ("Share of grievances reopened", "पुनः खोली गई शिकायतों का अंश"),
    "website_score": ("Website audit score (0–100)", "वेबसाइट ऑडिट अंक (0–100)"),
    # PDF report: summary, league table, department pages, method annex
    "uttarakhand": ("Uttarakhand", "उत्तराखण्ड"),
    "state": ("State", "राज्य"),
    "period": ("Period", "अवधि"),
    "fiscal_quarter": ("Financial-year quarter", "वित्तीय वर्ष की तिमाही"),
    "summary_title": ("Summary for the review meeting", "समीक्षा बैठक हेतु सारांश"),
    "departments_assessed": ("Departments assessed", "आकलित विभाग"),
    "top15": ("Top 15 scores", "शीर्ष 15 अंक"),
    "not_ranked_heading": ("Not ranked: insufficient data", "रैंक नहीं दी गई: अपर्याप्त डेटा"),
    "continued": ("continued", "जारी"),
    "change": ("Change", "परिवर्तन"),
    "new_entry": ("new", "नया"),
    "pillar_scores": ("Pillar scores (0–100)", "स्तंभवार अंक (0–100)"),
    "ranked_median": ("Median of ranked departments", "रैंक प्राप्त विभागों की माध्यिका"),
    "na_note": (
        "—: not available this quarter; its weight is shared among the others.",
        "—: इस तिमाही उपलब्ध नहीं; इसका भार शेष में बाँटा गया।",
    ),
    "website_na_note": (
        "Website —: the department's website was not audited (no audit in the 120 days before "
        "the quarter's end), so it has no website score; its weight is shared among the others.",
        "वेबसाइट —: विभाग की वेबसाइट का ऑडिट नहीं हुआ (तिमाही के अंत से पहले के 120 दिनों में "
        "कोई ऑडिट नहीं), इसलिए उसका वेबसाइट अंक नहीं है; उसका भार शेष में बाँटा गया।",
    ),
    "platform": ("Platform", "प्लेटफ़ॉर्म"),
    "coverage_by_platform": (
        "Data coverage by platform (share of the quarter's days)",
        "प्लेटफ़ॉर्मवार डेटा कवरेज (तिमाही के दिनों का अंश)",
    ),
    "coverage_note": (
        "Data coverage is the share of the quarter's days for which the department's accounts "
        "were tracked; below the threshold a department is not ranked.",
        "डेटा कवरेज तिमाही के उन दिनों का अंश है जिनमें विभाग के खातों का डेटा एकत्र हुआ; "
        "न्यूनतम सीमा से कम होने पर विभाग को रैंक नहीं दी जाती।",
    ),
    "median_rank": ("Median rank", "माध्यिका रैंक"),
    "rank_interval": ("Likely rank range (5–95%)", "संभावित रैंक सीमा (5–95%)"),
    "tier": ("Tier", "श्रेणी"),
    "top3_share": ("Chance of a top-3 place", "शीर्ष 3 में आने की संभावना"),
    "size_group": ("Size group (followers)", "आकार समूह (फ़ॉलोअर)"),
    "trend": ("Since the previous quarter", "पिछली तिमाही की तुलना में"),
    "previous_rank": ("Previous rank", "पिछली रैंक"),
    "score_change": ("Score change (points)", "अंकों में परिवर्तन"),
    "not_ranked_before": ("Not ranked in the previous quarter", "पिछली तिमाही में रैंक नहीं मिली"),
    "helped": ("Helped the score most", "अंक बढ़ाने में सबसे सहायक"),
    "hurt": ("Held the score back most", "अंक घटाने वाले मुख्य कारण"),
    "to_top3": ("To reach the top 3", "शीर्ष 3 में पहुँचने के लिए"),
    "flags": ("Points to note", "ध्यान देने योग्य बातें"),
    "from_to": ("from {a} to {b}", "{a} से {b} तक"),
    "more_flags": ("{n} more in the review data", "समीक्षा डेटा में {n} और"),
    "better_when": ("Better when", "बेहतर जब"),
    "higher": ("higher", "अधिक"),
    "lower": ("lower", "कम"),
    "group_rank": ("Rank in size group", "आकार समूह में रैंक"),
    "flagged": ("Flagged for a closer look", "जाँच हेतु चिह्नित"),
    "unavailable_pillars": (
        "Pillars without data this quarter (their weight is shared among the others)",
        "इस तिमाही बिना डेटा वाले स्तंभ (इनका भार शेष स्तंभों में बाँटा गया)",
    ),
    "goalposts": ("Goalposts", "लक्ष्य-सीमाएँ"),
    "normalisation": ("Normalisation", "सामान्यीकरण"),
    "aggregation": ("Aggregation", "समेकन"),
    "coverage_threshold": ("Minimum data coverage for a rank", "रैंक हेतु न्यूनतम डेटा कवरेज"),
    "norm_minmax": (
        "Min–max: 0 for the lowest and 100 for the highest ranked department",
        "न्यूनतम–अधिकतम: सबसे कम मान वाले रैंक प्राप्त विभाग को 0 और सबसे अधिक वाले को 100",
    ),
    "norm_goalposts": (
        "Goalposts: fixed bounds per indicator mapped to 0–100, comparable across quarters",
        "लक्ष्य-सीमाएँ: प्रत्येक संकेतक की निश्चित सीमाओं को 0–100 पर मापा गया, जिससे "
        "तिमाहियों की तुलना संभव है",
    ),
    "norm_zscore": ("z-score: mean 50, standard deviation 10", "z-स्कोर: माध्य 50, मानक विचलन 10"),
    "agg_arithmetic": ("Weighted arithmetic mean", "भारित समांतर माध्य"),
    "agg_geometric": ("Weighted geometric mean", "भारित गुणोत्तर माध्य"),
    "treatment": ("Outlier treatment", "चरम मानों का उपचार"),
    "uncertainty": ("Uncertainty analysis", "अनिश्चितता विश्लेषण"),
    "uncertainty_note": (
        "Rank ranges, tiers and top-3 chances come from {runs} re-runs of the ranking with the "
        "weights and method choices varied (seed {seed}).",
        "रैंक सीमाएँ, श्रेणियाँ और शीर्ष 3 की संभावनाएँ रैंकिंग को भारांक व पद्धति के विकल्प "
        "बदलकर {runs} बार दोहराने से निकाली गई हैं (सीड {seed})।",
    ),
    "annex_title": ("Annex: method", "परिशिष्ट: पद्धति"),
    "pdf_text_note": (
        "Hindi text copied out of a PDF may come out scrambled; the XLSX report holds every "
        "number.",
        "PDF से कॉपी किया गया हिन्दी पाठ बिगड़ सकता है; सभी आँकड़े XLSX रिपोर्ट में उपलब्ध हैं।",
    ),
    # certificates of appreciation
    "certificate_title": ("Certificate of Appreciation", "प्रशस्ति पत्र"),
    "certificate_presented": ("This certificate is presented to", "यह प्रशस्ति पत्र"),
    "certificate_body": (
        "in recognition of {place} place among the government departments of {state} in the "
        "quarterly social-media review {quarter} ({fiscal}).",
        "को {state} सरकार के विभागों की त्रैमासिक सोशल मीडिया समीक्षा {quarter} ({fiscal}) "
        "में {place} स्थान प्राप्त करने पर सादर प्रदान किया जाता है।",
    ),
    "place_1": ("first", "प्रथम"),
    "place_2": ("second", "द्वितीय"),
    "place_3": ("third", "तृतीय"),
    "certificate_score": ("Score {score} out of 100", "प्राप्तांक {score} / 100"),
    "issued_by": (
        "Chief Minister's Office, Government of {state}", "मुख्यमंत्री कार्यालय, {state} सरकार"
    ),
    "signatory": ("Authorised signatory", "अधिकृत हस्ताक्षरकर्ता"),
    "date": ("Date", "दिनांक"),
    "sample_watermark": ("SAMPLE", "नमूना"),
    "certificate_sample_note": (
        "Sample data: a demonstration only, not an award.",
        "नमूना डेटा: केवल प्रदर्शन हेतु, वास्तविक सम्मान नहीं।",
    ),
    # HTML report: publication state, uncertainty and explanations
    "published_version": ("Published version", "प्रकाशित संस्करण"),
    "draft_note": (
        "Draft: this review has not been published and may still change.",
        "प्रारूप: यह समीक्षा अभी प्रकाशित नहीं हुई है और इसमें बदलाव संभव है।",
    ),
    "top3_confidence": ("of re-runs in the top 3", "पुनर्गणनाओं में शीर्ष 3 में"),
    "unavailable_note": (
        "Pillars without data this quarter (their weight is shared among the others)",
        "इस तिमाही बिना डेटा वाले स्तंभ (इनका भार शेष स्तंभों में बाँटा गया)",
    ),
    "explanations": ("Why each department scored what it did", "प्रत्येक विभाग के अंकों के कारण"),
    "no_single_lever": (
        "no single indicator, improved to a value some department reached, would be enough",
        "किसी एक संकेतक को किसी विभाग द्वारा प्राप्त स्तर तक सुधारना पर्याप्त नहीं होगा",
    ),
    "flags_see_below": ("flagged, see below", "चिह्नित, नीचे देखें"),
    # the PDF's meeting version and top-3 box
    "meeting_version": (
        "Meeting version: summary, league table and the top 3",
        "बैठक संस्करण: सारांश, रैंकिंग तालिका और शीर्ष 3",
    ),
    "meeting_league_note": (
        "Pillar scores and a page for every department are in the full review pack.",
        "स्तंभवार अंक और प्रत्येक विभाग का पृष्ठ पूर्ण समीक्षा पैक में हैं।",
    ),
    "top3_note_heading": ("About the top 3", "शीर्ष 3 के बारे में"),
}


def label(key: str, lang: str = "en") -> str:
    en, hi = LABELS[key]
    return hi if lang == "hi" else en


def ticket_state_label(state: str, lang: str = "en") -> str:
    """A ticket state's name in ``lang``; an unknown code is shown as it is, not hidden."""
    en, hi = TICKET_STATE_LABELS.get(state, (state, state))
    return hi if lang == "hi" else en


def counted(n: int, one: str, many: str, lang: str = "en") -> str:
    """A count with the word in the form the count takes: "1 group", "3 groups"; in Hindi
    "1 समूह", "3 समूहों" (Hindi takes the singular for 0 and 1, English only for 1). Never
    "group(s)": a reader should not have to decode the sentence."""
    single = n in (0, 1) if lang == "hi" else n == 1
    return f"{n:,} {one if single else many}"
