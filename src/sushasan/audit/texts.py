"""Severity and the fix, in English and Hindi, for every audit check — whole sentences only.

One table, so a translator or the review cell sees every rule's wording and weight together.
"""

from __future__ import annotations

__all__ = ["FIXES", "GIGW_LINKS"]

#: check id → (severity, fix in English, fix in Hindi)
FIXES: dict[str, tuple[str, str, str]] = {
    "timeout": ("critical",
                "The site did not finish answering within the audit's deadline; make it respond "
                "promptly and check that it is not blocking automated visitors.",
                "साइट ऑडिट की समय-सीमा में उत्तर नहीं दे सकी; इसे शीघ्र उत्तर देने योग्य बनाएँ और "
                "जाँचें कि यह स्वचालित आगंतुकों को अवरुद्ध तो नहीं कर रही।"),
    "reachability": ("critical",
                     "Make the registered home page load with status 200, without redirect "
                     "loops, or correct the address in the registry.",
                     "पंजीकृत मुखपृष्ठ को स्थिति 200 के साथ, बिना रीडायरेक्ट चक्र के, खुलने योग्य "
                     "बनाएँ या रजिस्ट्री में पता सुधारें।"),
    "https": ("serious", "Serve the whole site over HTTPS with a valid certificate.",
              "पूरी साइट वैध प्रमाणपत्र के साथ HTTPS पर उपलब्ध कराएँ।"),
    "http_redirect": ("moderate", "Redirect every http:// address permanently (301) to https://.",
                      "हर http:// पते को स्थायी रूप से (301) https:// पर रीडायरेक्ट करें।"),
    "hsts": ("minor", "Send a Strict-Transport-Security header with a max-age of at least a year.",
             "कम से कम एक वर्ष की max-age के साथ Strict-Transport-Security हेडर भेजें।"),
    "tls_certificate": ("critical",
                        "Install a certificate from a trusted authority that names this exact "
                        "address and is in date; browsers warn citizens away from any other.",
                        "किसी विश्वसनीय प्राधिकरण का ऐसा प्रमाणपत्र लगाएँ जो ठीक इसी पते के लिए हो और "
                        "वैध अवधि में हो; अन्यथा ब्राउज़र नागरिकों को साइट से दूर रहने की चेतावनी देते हैं।"),
    "tls_renewal": ("minor",
                    "Renew the certificate well before it expires, preferably automatically.",
                    "प्रमाणपत्र की समय-सीमा समाप्त होने से काफ़ी पहले, बेहतर हो तो स्वचालित रूप से, "
                    "उसका नवीनीकरण करें।"),
    "tls_version": ("moderate",
                    "Allow only TLS 1.2 and TLS 1.3 on the web server; turn older versions off.",
                    "वेब सर्वर पर केवल TLS 1.2 और TLS 1.3 की अनुमति दें; पुराने संस्करण बंद करें।"),
    "response_time": ("moderate",
                      "Speed up the home page: caching, compression and lighter server pages.",
                      "मुखपृष्ठ की गति बढ़ाएँ: कैशिंग, संपीड़न और हल्के सर्वर पृष्ठ अपनाएँ।"),
    "page_weight": ("minor", "Reduce the home page's size: remove inline data and unused code.",
                    "मुखपृष्ठ का आकार घटाएँ: अंतर्निहित डेटा और अनुपयोगी कोड हटाएँ।"),
    "robots_txt": ("minor", "Publish a plain-text /robots.txt that names the sitemap.",
                   "साइटमैप का उल्लेख करती हुई सादे पाठ की /robots.txt फ़ाइल प्रकाशित करें।"),
    "robots_blocks_all": ("moderate",
                          "Do not disallow the whole site in robots.txt: citizens find public "
                          "information through search engines.",
                          "robots.txt में पूरी साइट को प्रतिबंधित न करें: नागरिक सार्वजनिक सूचना "
                          "सर्च इंजन से ही खोजते हैं।"),
    "sitemap_xml": ("moderate", "Publish a valid /sitemap.xml listing the site's pages.",
                    "साइट के पृष्ठों की सूची वाली वैध /sitemap.xml प्रकाशित करें।"),
    "not_found": ("moderate",
                  "Answer missing pages with status 404 and a helpful page, not status 200.",
                  "अनुपलब्ध पृष्ठों के लिए स्थिति 200 नहीं, बल्कि 404 और सहायक पृष्ठ दें।"),
    "title": ("serious", "Give every page a descriptive <title> naming the department.",
              "हर पृष्ठ को विभाग के नाम सहित वर्णनात्मक <title> दें।"),
    "meta_description": ("minor", "Add a meta description summarising the department's services.",
                         "विभाग की सेवाओं का सार बताने वाला meta description जोड़ें।"),
    "html_lang": ("serious",
                  'Declare the page language, e.g. <html lang="hi"> or <html lang="en">, so '
                  "screen readers pronounce it correctly.",
                  'पृष्ठ की भाषा घोषित करें, जैसे <html lang="hi"> या <html lang="en">, ताकि '
                  "स्क्रीन रीडर सही उच्चारण करें।"),
    "viewport": ("moderate", "Add a viewport meta tag so the site works on mobile phones.",
                 "viewport meta टैग जोड़ें ताकि साइट मोबाइल फ़ोन पर ठीक से चले।"),
    "favicon": ("minor", "Add a favicon (the state emblem or the department's logo).",
                "फ़ेविकॉन जोड़ें (राज्य प्रतीक या विभाग का लोगो)।"),
    "img_alt": ("serious", "Give every image an alt text (alt=\"\" for decorative images).",
                "हर चित्र को वैकल्पिक पाठ (alt) दें (सजावटी चित्रों के लिए alt=\"\")।"),
    "bilingual": ("serious",
                  "Publish the site in Hindi and English with a visible language switch.",
                  "साइट हिन्दी और अंग्रेज़ी दोनों में, स्पष्ट भाषा-चयन लिंक के साथ, प्रकाशित करें।"),
    "freshness": ("moderate",
                  'Show a "Last updated / अंतिम अद्यतन" date and keep the content current.',
                  '"अंतिम अद्यतन / Last updated" तिथि दिखाएँ और सामग्री अद्यतन रखें।'),
    "gigw_contact": ("moderate", "Link a Contact Us page from every page's footer.",
                     "हर पृष्ठ के फ़ुटर से 'संपर्क करें' पृष्ठ का लिंक दें।"),
    "gigw_rti": ("serious", "Link the Right to Information (RTI) disclosures from every page.",
                 "हर पृष्ठ से सूचना का अधिकार (RTI) प्रकटीकरण का लिंक दें।"),
    "gigw_privacy": ("moderate",
                     "Link a privacy policy from every page's footer; a terms-of-use page is "
                     "not a privacy policy.",
                     "हर पृष्ठ के फ़ुटर से गोपनीयता नीति का लिंक दें; उपयोग की शर्तों का पृष्ठ "
                     "गोपनीयता नीति नहीं है।"),
    "gigw_terms": ("minor", "Link the terms and conditions of use from every page's footer.",
                   "हर पृष्ठ के फ़ुटर से उपयोग के नियम एवं शर्तों का लिंक दें।"),
    "gigw_hyperlinking": ("minor", "Link the hyperlinking policy from every page's footer.",
                          "हर पृष्ठ के फ़ुटर से हाइपरलिंकिंग नीति का लिंक दें।"),
    "gigw_copyright": ("minor", "Link the copyright policy from every page's footer.",
                       "हर पृष्ठ के फ़ुटर से कॉपीराइट नीति का लिंक दें।"),
    "gigw_accessibility": ("moderate", "Link an accessibility statement from every page.",
                           "हर पृष्ठ से सुगम्यता कथन का लिंक दें।"),
    "gigw_screen_reader": ("minor",
                           "Link a screen reader access page (the free screen readers for "
                           "Hindi and English) from every page's header.",
                           "हर पृष्ठ के हेडर से स्क्रीन रीडर एक्सेस पृष्ठ (हिन्दी और अंग्रेज़ी के "
                           "निःशुल्क स्क्रीन रीडर) का लिंक दें।"),
    "gigw_help": ("minor", "Link a help page (how to use the site, file formats) from every "
                  "page's footer.",
                  "हर पृष्ठ के फ़ुटर से सहायता पृष्ठ (साइट का उपयोग, फ़ाइल प्रारूप) का लिंक दें।"),
    "gigw_sitemap": ("minor", "Link an HTML sitemap page from every page.",
                     "हर पृष्ठ से साइटमैप पृष्ठ का लिंक दें।"),
    "gigw_feedback": ("moderate", "Link a feedback page or form from every page's footer.",
                      "हर पृष्ठ के फ़ुटर से प्रतिक्रिया पृष्ठ या फ़ॉर्म का लिंक दें।"),
    "plain_http_links": ("minor",
                         "Link to https:// addresses only: a plain http:// link sends citizens "
                         "to a page anyone on the network can read or change.",
                         "केवल https:// पतों का लिंक दें: सादा http:// लिंक नागरिकों को ऐसे पृष्ठ "
                         "पर भेजता है जिसे नेटवर्क पर कोई भी पढ़ या बदल सकता है।"),
    "language_parity": ("minor",
                        "Publish every page in both Hindi and English, each linked to the "
                        "other by the language switch.",
                        "हर पृष्ठ हिन्दी और अंग्रेज़ी दोनों में प्रकाशित करें, और भाषा-चयन लिंक से "
                        "दोनों को एक-दूसरे से जोड़ें।"),
    "social_registered": ("moderate",
                          "Link the department's official social-media accounts from the home "
                          "page, so citizens can tell them from impostors.",
                          "मुखपृष्ठ से विभाग के आधिकारिक सोशल मीडिया खातों के लिंक दें, ताकि नागरिक "
                          "उन्हें नकली खातों से अलग पहचान सकें।"),
    "social_unknown": ("info",
                       "Tell the review cell about linked accounts missing from the registry, "
                       "or remove the links if they are not official.",
                       "रजिस्ट्री में अनुपस्थित लिंक किए गए खातों की सूचना समीक्षा प्रकोष्ठ को दें, या "
                       "आधिकारिक न हों तो लिंक हटा दें।"),
    "broken_links": ("serious", "Repair or remove the broken links listed in the evidence.",
                     "साक्ष्य में सूचीबद्ध टूटे लिंक ठीक करें या हटाएँ।"),
    "redirects": ("moderate", "Fix the redirect loops listed in the evidence.",
                  "साक्ष्य में सूचीबद्ध रीडायरेक्ट चक्रों को ठीक करें।"),
    "a11y_critical": ("critical",
                      "Fix the critical accessibility defects listed in the evidence first: they "
                      "lock out citizens who use screen readers or keyboards (WCAG 2.1 AA).",
                      "साक्ष्य में सूचीबद्ध गंभीरतम सुगम्यता दोष पहले ठीक करें: ये स्क्रीन रीडर या "
                      "कीबोर्ड का उपयोग करने वाले नागरिकों को साइट से बाहर कर देते हैं (WCAG 2.1 AA)।"),
    "a11y_serious": ("serious",
                     "Fix the serious accessibility defects listed in the evidence, such as low "
                     "text contrast or missing page language (WCAG 2.1 AA).",
                     "साक्ष्य में सूचीबद्ध गंभीर सुगम्यता दोष ठीक करें, जैसे पाठ का कम कंट्रास्ट या "
                     "पृष्ठ की भाषा का उल्लेख न होना (WCAG 2.1 AA)।"),
    "a11y_moderate": ("moderate",
                      "Fix the moderate accessibility defects listed in the evidence "
                      "(WCAG 2.1 AA).",
                      "साक्ष्य में सूचीबद्ध मध्यम सुगम्यता दोष ठीक करें (WCAG 2.1 AA)।"),
    "a11y_minor": ("minor",
                   "Fix the minor accessibility defects listed in the evidence (WCAG 2.1 AA).",
                   "साक्ष्य में सूचीबद्ध लघु सुगम्यता दोष ठीक करें (WCAG 2.1 AA)।"),
    "accessibility_not_measured": ("info",
                                   "Accessibility was not measured in this run, so the score "
                                   "leaves it out; install Chromium (setting audit_chromium) "
                                   "or see the evidence for the reason.",
                                   "इस बार सुगम्यता नहीं मापी गई, इसलिए अंक में इसे शामिल नहीं किया "
                                   "गया; Chromium स्थापित करें (सेटिंग audit_chromium) या कारण "
                                   "के लिए साक्ष्य देखें।"),
}

#: GIGW 3.0 links every page must carry: check id → (pattern for the link's text, title or the
#: target page's title and headings; pattern for the link's path; what it is, English; Hindi).
#: Each pattern names its own document: "Terms" is not a privacy policy, a helpline is not help,
#: and sitemap.xml is not the HTML sitemap.
GIGW_LINKS: dict[str, tuple[str, str, str, str]] = {
    "gigw_privacy": (r"privacy|गोपनीयता|निजता", r"privacy",
                     "privacy policy", "गोपनीयता नीति"),
    "gigw_terms": (r"terms|conditions|नियम\s*(और|एवं|व|तथा)\s*शर्त|उपयोग\s*की\s*शर्त|शर्तें",
                   r"terms|conditions", "terms and conditions", "नियम एवं शर्तें"),
    "gigw_hyperlinking": (r"hyper\s*-?\s*link|हाइपर\s*लिंक", r"hyper-?link",
                          "hyperlinking policy", "हाइपरलिंकिंग नीति"),
    "gigw_copyright": (r"copyright|कॉपीराइट|कापीराइट|प्रतिलिप्यधिकार", r"copyright",
                       "copyright policy", "कॉपीराइट नीति"),
    "gigw_accessibility": (r"accessibility\s*(statement|policy)|^accessibility$|"
                           r"सुगम्यता\s*(कथन|विवरण|नीति)|अभिगम्यता\s*(कथन|विवरण)",
                           r"accessibility-?(statement|policy)|(^|/)accessibility(\.\w+)?/?$",
                           "accessibility statement", "सुगम्यता कथन"),
    "gigw_screen_reader": (r"screen\s*-?\s*reader|स्क्रीन\s*रीडर", r"screen-?reader",
                           "screen reader access page", "स्क्रीन रीडर एक्सेस पृष्ठ"),
    "gigw_help": (r"^\s*help\s*$|\bhelp\s*(page|desk)?\s*$|^सहायता$|^मदद$|सहायता\s*पृष्ठ",
                  r"(^|/)help(\.\w+)?/?$", "help page", "सहायता पृष्ठ"),
    "gigw_feedback": (r"feedback|प्रतिक्रिया|प्रतिपुष्टि|सुझाव", r"feedback",
                      "feedback page", "प्रतिक्रिया पृष्ठ"),
    "gigw_contact": (r"contact|संपर्क|सम्पर्क", r"contact", "contact page", "संपर्क पृष्ठ"),
    "gigw_sitemap": (r"site\s*-?\s*map|साइट\s*मैप|साइटमैप", r"site-?map(?!\.xml)",
                     "HTML sitemap", "साइटमैप"),
    "gigw_rti": (r"\brti\b|right\s*to\s*information|सूचना\s*का\s*अधिकार|आरटीआई",
                 r"(^|[/_\-.])rti([/_\-.]|$)", "RTI disclosures", "सूचना का अधिकार प्रकटीकरण"),
}

#: Hindi wording of the reasons the audit gives, keyed like the English ones in ``checks``.
NOT_CHECKED_HI = {
    "unreachable": "पहुँच नहीं हो सकी",
    "blocked": "सर्वर ने ऑडिट का अनुरोध अस्वीकार किया",
    "robots": "robots.txt के अनुसार नहीं देखा गया",
    "budget": "ऑडिट की सीमा से बाहर, नहीं देखा गया",
}
