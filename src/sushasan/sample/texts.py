"""Realistic text for Sushasan's SYNTHETIC, clearly-labelled sample quarter.

The demo and the test-suite need social-media data that *looks* like what Uttarakhand departments
and citizens actually write (Hindi, English and Hinglish, civic grievances, helpline numbers,
scheme names, festival wishes) without touching any real account.  Everything here is invented:
no real people, no phone numbers of persons, no Aadhaar numbers.  Helplines are the public
short codes (1905, 112, 1070, ...) and landlines are random ``0135-2xxxxxx`` office numbers.

Design choices, and why:

* Templates are parsed once at import time into tuples; a call only draws one small integer
  batch from the caller's seeded :class:`numpy.random.Generator` and runs ``str.format_map``.
  That keeps every call in the microsecond range (the demo draws ~60,000 texts) and makes the
  text a pure function of the generator state (same state, same text).
* Department specificity comes from a *domain* (power, water, police, ...) inferred once per
  department from its names and keywords and cached; the domain supplies the grievances, fixes,
  questions, schemes and advisories that fill the template slots.
* Numbers that could be mistaken for personal data are shaped so they cannot be: dockets are
  ``UK`` + 8 digits, landlines are 7 digits after ``0135-``, nothing has 10 or 12 digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from numpy.random import Generator

__all__ = [
    "CITIZEN_KINDS",
    "CITIZEN_LANGUAGES",
    "LANGUAGES",
    "PLACES",
    "citizen_message",
    "department_post",
    "department_reply",
]

LANGUAGES: tuple[str, ...] = ("hi", "en", "mixed")  # mixed = Hindi + English in one post
CITIZEN_LANGUAGES: tuple[str, ...] = ("hi", "en", "hinglish")
CITIZEN_KINDS: tuple[str, ...] = ("grievance", "praise", "query", "noise")

_NDRAW = 24  # integers drawn per call; one vectorised draw is far cheaper than many scalar ones


def _split(block: str) -> tuple[str, ...]:
    """One template per line; ' || ' packs several short ones on a line to keep the file short."""
    out: list[str] = []
    for line in block.strip().splitlines():
        out.extend(p.strip() for p in line.split(" || ") if p.strip())
    return tuple(out)


def _pairs(block: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parallel English/Hindi pools written as 'english~हिंदी' items separated by '|'."""
    items = [i.split("~") for i in "|".join(block.strip().splitlines()).split("|")]
    return tuple(i[0].strip() for i in items), tuple(i[1].strip() for i in items)


# --------------------------------------------------------------------------- shared slot pools
_PLACES_EN, _PLACES_HI = _pairs("""
Dehradun~देहरादून|Haridwar~हरिद्वार|Rishikesh~ऋषिकेश|Nainital~नैनीताल|Haldwani~हल्द्वानी
Almora~अल्मोड़ा|Pithoragarh~पिथौरागढ़|Chamoli~चमोली|Uttarkashi~उत्तरकाशी|Tehri~टिहरी|Pauri~पौड़ी
Rudraprayag~रुद्रप्रयाग|Bageshwar~बागेश्वर|Champawat~चंपावत|Udham Singh Nagar~ऊधम सिंह नगर
Roorkee~रुड़की|Kashipur~काशीपुर|Joshimath~जोशीमठ|Srinagar Garhwal~श्रीनगर गढ़वाल|Mussoorie~मसूरी
Rudrapur~रुद्रपुर|Kotdwar~कोटद्वार|Vikasnagar~विकासनगर|Doiwala~डोईवाला|Ramnagar~रामनगर
Khatima~खटीमा|Lohaghat~लोहाघाट|Ranikhet~रानीखेत|Gopeshwar~गोपेश्वर|Karnaprayag~कर्णप्रयाग
Barkot~बड़कोट|Chakrata~चकराता|Kichha~किच्छा|Sitarganj~सितारगंज|Laksar~लक्सर|Bhimtal~भीमताल
Narendranagar~नरेंद्रनगर|Guptkashi~गुप्तकाशी|Dharchula~धारचूला|Munsyari~मुनस्यारी|Gairsain~गैरसैंण
""")
#: (English, Hindi) names of the state's districts and towns, for callers that add place detail.
PLACES: tuple[tuple[str, str], ...] = ()  # filled below, once the pools exist

_MONTHS_EN, _MONTHS_HI = _pairs("""
January~जनवरी|February~फ़रवरी|March~मार्च|April~अप्रैल|May~मई|June~जून|July~जुलाई|August~अगस्त
September~सितंबर|October~अक्टूबर|November~नवंबर|December~दिसंबर
""")
_DAYS_EN, _DAYS_HI = _pairs("""
Monday~सोमवार|Tuesday~मंगलवार|Wednesday~बुधवार|Thursday~गुरुवार|Friday~शुक्रवार|Saturday~शनिवार
Sunday~रविवार
""")
_ELIG_EN, _ELIG_HI = _pairs("""
permanent residents of Uttarakhand~उत्तराखंड के स्थायी निवासी
applicants aged 18 to 50 years~18 से 50 वर्ष आयु के आवेदक
families holding a valid ration card~वैध राशन कार्ड धारक परिवार
women and youth of the hill districts~पर्वतीय जनपदों की महिलाएँ एवं युवा
small and marginal farmers~लघु एवं सीमांत किसान
senior citizens above 60 years~60 वर्ष से अधिक आयु के वरिष्ठ नागरिक
self-help groups registered in the state~राज्य में पंजीकृत स्वयं सहायता समूह
""")
_DOCS_EN, _DOCS_HI = _pairs("""
Aadhaar card, domicile certificate and bank passbook~आधार कार्ड, मूल निवास प्रमाण पत्र, बैंक पासबुक
Aadhaar card, income certificate and a passport-size photo~आधार कार्ड, आय प्रमाण पत्र और फ़ोटो
ration card, Aadhaar card and bank details~राशन कार्ड, आधार कार्ड और बैंक विवरण
land records (khatauni), Aadhaar card and bank details~खतौनी, आधार कार्ड और बैंक विवरण
""")
_FEST_EN, _FEST_HI = _pairs("""
Diwali~दीपावली|Holi~होली|Dussehra~दशहरा|Makar Sankranti~मकर संक्रांति|Harela~हरेला|Phooldei~फूलदेई
Uttarayani~उत्तरायणी|Igas Bagwal~इगास बग्वाल|Independence Day~स्वतंत्रता दिवस|Republic Day~गणतंत्र दिवस
Uttarakhand Foundation Day~उत्तराखंड राज्य स्थापना दिवस|Basant Panchami~बसंत पंचमी|Navratri~नवरात्रि
Eid~ईद|Guru Nanak Jayanti~गुरु नानक जयंती|Raksha Bandhan~रक्षाबंधन|Janmashtami~जन्माष्टमी
Christmas~क्रिसमस|Ghee Sankranti~घी संक्रांति|Buddha Purnima~बुद्ध पूर्णिमा
""")
_DIG_EN, _DIG_HI = _pairs("""
Hon'ble Chief Minister~माननीय मुख्यमंत्री|Hon'ble Minister~माननीय विभागीय मंत्री
Chief Secretary~मुख्य सचिव|Secretary~विभागीय सचिव|District Magistrate~जिलाधिकारी|Director~निदेशक
Commissioner~आयुक्त
""")
_EVENT_EN, _EVENT_HI = _pairs("""
review meeting~समीक्षा बैठक|awareness rally~जागरूकता रैली|plantation drive~वृक्षारोपण अभियान
blood donation camp~रक्तदान शिविर|training workshop~प्रशिक्षण कार्यशाला
felicitation ceremony~सम्मान समारोह
coordination meeting~समन्वय बैठक|cleanliness drive~स्वच्छता अभियान|yoga session~योग सत्र
sports meet~खेलकूद प्रतियोगिता|public hearing~जन सुनवाई
""")
_FACILITY_EN, _FACILITY_HI = _pairs("""
new office building~नवीन कार्यालय भवन|citizen facilitation centre~नागरिक सुविधा केंद्र
training hall~प्रशिक्षण हॉल|online services portal~ऑनलाइन सेवा पोर्टल|e-office system~ई-ऑफ़िस प्रणाली
""")
_URL_PATHS = ("", "", "/schemes", "/notices", "/services", "/helpline", "/grievance")

# ------------------------------------------------------------------------- department domains
# '@key slug helpline' starts a domain.  Codes: t=triggers, i/f/a = issue/fix/ask phrases
# (e/h/l = English/Hindi/Hinglish), se/sh = schemes, de/dh = advisories, r = 'en~hi~hl' of
# what a citizen should DM.  Lines with the same code append ('|' separates items).
_DOMAIN_DATA = """
@power energy 1912
t power|electric|electricity|energy|bijli|upcl|ujvn|ptcul|ureda|urja|ऊर्जा|बिजली|विद्युत
ie power cuts|no electricity|low voltage|frequent tripping|a burnt transformer
ie inflated electricity bills|a broken electric pole|dangling live wires
ih बिजली नहीं आ रही|बार-बार बिजली कट रही है|लो वोल्टेज की समस्या है|ट्रांसफ़ॉर्मर फुँका पड़ा है
ih बिजली का बिल गलत आ रहा है|बिजली का खंभा टूटा पड़ा है|नंगे तार लटक रहे हैं
il bijli nahi aa rahi|light baar baar ja rahi hai|voltage bahut low hai|transformer jal gaya hai
il bill galat aa raha hai|khamba toota pada hai|taar latak rahe hai
fe power was restored|the transformer was replaced|the bill was corrected
fh बिजली बहाल हो गई|ट्रांसफ़ॉर्मर बदल दिया गया|बिल ठीक कर दिया गया
fl light aa gayi|transformer badal diya|bill theek ho gaya
ae how to apply for a new electricity connection|how to get a duplicate bill
ae how to shift my meter to a new address
ah नया बिजली कनेक्शन कैसे लें|डुप्लीकेट बिल कैसे मिलेगा|मीटर का स्थान कैसे बदलवाएँ
al naya bijli connection kaise milega|duplicate bill kaise nikale|meter shift kaise karwaye
se PM Surya Ghar Muft Bijli Yojana|Mukhyamantri Saur Swarozgar Yojana
sh पीएम सूर्य घर मुफ़्त बिजली योजना|मुख्यमंत्री सौर स्वरोज़गार योजना
de power supply will remain shut between 10 AM and 2 PM for maintenance
de keep away from fallen wires and report them on 1912
dh रखरखाव हेतु सुबह 10 से दोपहर 2 बजे तक बिजली आपूर्ति बाधित रहेगी
dh गिरे हुए तारों से दूर रहें और 1912 पर सूचना दें
r consumer number~उपभोक्ता संख्या~consumer number
@water ujs 1905
t water|jal|peyjal|drinking|sewer|sewerage|jal sansthan|jal nigam|पेयजल|जल संस्थान|जल निगम
ie no water supply|dirty water in the taps|a leaking pipeline|low water pressure
ie an overflowing sewer line
ih पानी नहीं आ रहा|नलों में गंदा पानी आ रहा है|पाइपलाइन लीक हो रही है|पानी का प्रेशर बहुत कम है
ih सीवर लाइन ओवरफ़्लो हो रही है
il paani nahi aa raha|nal me ganda paani aa raha hai|pipeline leak ho rahi hai
il pressure bilkul nahi hai|sewer overflow ho raha hai
fe water supply was restored|the leaking pipeline was repaired|the tanker arrived on time
fh पानी की आपूर्ति बहाल हो गई|लीक पाइपलाइन ठीक कर दी गई|टैंकर समय पर पहुँच गया
fl paani aane laga|pipeline theek ho gayi|tanker time pe aa gaya
ae how to get a new water connection|how to book a water tanker|how to pay the water bill online
ah नया पानी का कनेक्शन कैसे मिलेगा|पानी का टैंकर कैसे बुक करें|पानी का बिल ऑनलाइन कैसे जमा करें
al naya paani ka connection kaise milega|tanker kaise book kare|paani ka bill online kaise bhare
se Jal Jeevan Mission (Har Ghar Jal)|Namami Gange
sh जल जीवन मिशन (हर घर जल)|नमामि गंगे
de water supply will remain affected due to pipeline repair work
de please boil drinking water during the monsoon
dh पाइपलाइन मरम्मत कार्य के कारण पेयजल आपूर्ति प्रभावित रहेगी|मानसून के दौरान पानी उबालकर पिएँ
r connection number~कनेक्शन संख्या~connection number
@roads pwd 1905
t road|roads|pwd|public works|lok nirman|bridge|bridges|highway|लोक निर्माण|सड़क
ie huge potholes on the main road|a broken culvert|the road blocked by debris
ie an unfinished bridge|no crash barriers on the hill road|a caved-in road
ih सड़क पर बड़े-बड़े गड्ढे हैं|पुलिया टूटी पड़ी है|मलबे से सड़क बंद है|पुल का काम अधूरा पड़ा है
ih पहाड़ी सड़क पर क्रैश बैरियर नहीं हैं|सड़क धँस गई है
il road pe bade bade gaddhe hai|puliya tooti padi hai|malba aane se road band hai
il pul ka kaam adhoora pada hai|road dhans gayi hai
fe the potholes were filled|the road was cleared|the culvert was repaired
fh गड्ढे भर दिए गए|सड़क खोल दी गई|पुलिया की मरम्मत हो गई
fl gaddhe bhar diye|road khul gayi|puliya theek ho gayi
ae when will the road repair work be completed|whom to contact about road damage
ae when will the new bridge open for traffic
ah सड़क की मरम्मत कब तक पूरी होगी|सड़क क्षति की शिकायत किससे करें|नए पुल पर यातायात कब शुरू होगा
al road ka kaam kab tak poora hoga|road kharab hai to complaint kisko kare|pul kab chalu hoga
se Pradhan Mantri Gram Sadak Yojana|Gaddha Mukt Sadak Abhiyan
sh प्रधानमंत्री ग्राम सड़क योजना|गड्ढा मुक्त सड़क अभियान
de the road will stay closed for repair work; please use the alternate route
de drive carefully on hill roads during rain
dh मरम्मत कार्य के कारण सड़क बंद रहेगी, वैकल्पिक मार्ग का प्रयोग करें
dh बारिश के दौरान पहाड़ी सड़कों पर सावधानी से वाहन चलाएँ
r exact location with a photo~सटीक स्थान और फ़ोटो~location aur photo
@police uttarakhandpolice 112
t police|crime|traffic|cyber|home|law and order|पुलिस|गृह
ie no police patrolling at night|chain snatching incidents|traffic jams with no traffic police
ie an FIR not being registered|drunk people creating nuisance|a pending cyber fraud complaint
ih रात में पुलिस गश्त नहीं हो रही|चेन स्नैचिंग की घटनाएँ बढ़ रही हैं|भारी जाम है, ट्रैफ़िक पुलिस नहीं है
ih एफ़आईआर दर्ज नहीं हो रही|शराबी उत्पात मचा रहे हैं
il raat me koi patrolling nahi ho rahi|chain snatching ho rahi hai
il bahut jam hai koi traffic police nahi
il FIR likhi hi nahi ja rahi|sharabi hungama kar rahe hai|cyber fraud complaint pe koi action nahi
fe the police reached within minutes|my stolen phone was recovered|the traffic jam was cleared
fh पुलिस कुछ ही मिनटों में पहुँच गई|मेरा चोरी हुआ फ़ोन बरामद हो गया|जाम खुलवा दिया गया
fl police turant aa gayi|chori hua phone mil gaya|jam khulwa diya
ae how to get a character verification certificate|how to report a cyber fraud
ae how to do tenant verification online
ah चरित्र सत्यापन प्रमाण पत्र कैसे बनवाएँ|साइबर ठगी की शिकायत कहाँ करें|किरायेदार सत्यापन ऑनलाइन कैसे करें
al character certificate kaise banega|cyber fraud ki complaint kaha kare
al kirayedar verification online kaise kare
se online tenant verification|Gaura Shakti women safety registration
sh ऑनलाइन किरायेदार सत्यापन|गौरा शक्ति महिला सुरक्षा पंजीकरण
de traffic will be diverted due to VIP movement; plan your journey accordingly
de never share your OTP with anyone; report cyber fraud on 1930
dh वीआईपी आगमन के कारण यातायात डायवर्ट रहेगा, यात्रा की योजना उसी अनुसार बनाएँ
dh अपना ओटीपी किसी से साझा न करें, साइबर ठगी की सूचना 1930 पर दें
r location and complaint details~स्थान एवं शिकायत का विवरण~location aur complaint details
@transport transport 1905
t transport|roadways|bus|buses|rto|parivahan|परिवहन|रोडवेज़|रोडवेज
ie no bus service on our route|overcrowded roadways buses|buses not running on time
ie overcharging by bus conductors|a long wait for driving licence tests
ih हमारे रूट पर बस सेवा बंद है|रोडवेज़ बसों में भारी भीड़ है|बसें समय पर नहीं चल रहीं
ih कंडक्टर ज़्यादा किराया वसूल रहे हैं|ड्राइविंग लाइसेंस का टेस्ट महीनों से लंबित है
il hamare route pe bus hi nahi chal rahi|roadways bus me bahut bheed hai|bus time pe nahi aati
il conductor zyada kiraya le raha hai|DL test ki date hi nahi mil rahi
fe the bus service was resumed|an extra bus was added|my licence was issued
fh बस सेवा फिर शुरू हो गई|अतिरिक्त बस लगा दी गई|मेरा लाइसेंस जारी हो गया
fl bus service chalu ho gayi|extra bus laga di|DL ban gaya
ae how to book roadways tickets online|how to renew a driving licence
ae what the bus timings to Delhi are
ah रोडवेज़ का टिकट ऑनलाइन कैसे बुक करें|ड्राइविंग लाइसेंस का नवीनीकरण कैसे कराएँ
ah दिल्ली के लिए बस का समय क्या है
al roadways ticket online kaise book kare|DL renew kaise karwaye|delhi ki bus kitne baje hai
se online learner licence service|free bus travel for women on Raksha Bandhan
sh ऑनलाइन लर्नर लाइसेंस सेवा|रक्षाबंधन पर महिलाओं के लिए निःशुल्क बस यात्रा
de additional buses will run on the Delhi–Dehradun route during the festival season
de keep vehicle fitness and pollution certificates valid to avoid challans
dh त्योहारों के दौरान दिल्ली–देहरादून मार्ग पर अतिरिक्त बसें चलेंगी
dh चालान से बचने के लिए वाहन के फ़िटनेस और प्रदूषण प्रमाण पत्र वैध रखें
r ticket number and bus route~टिकट संख्या और बस रूट~ticket no. aur bus route
@health health 104
t health|medical|hospital|hospitals|swasthya|ayush|family welfare|स्वास्थ्य|चिकित्सा
ie no doctor at the PHC|no medicines in the district hospital|an ambulance that never came
ie long queues and no staff at the OPD|a broken X-ray machine at the hospital
ih पीएचसी में डॉक्टर नहीं है|ज़िला अस्पताल में दवाइयाँ नहीं मिल रहीं|एंबुलेंस नहीं पहुँची
ih ओपीडी में लंबी लाइन है और स्टाफ़ नहीं है|अस्पताल की एक्स-रे मशीन खराब है
il PHC me doctor hi nahi hai|hospital me dawai nahi mil rahi|108 ambulance aayi hi nahi
il OPD me lambi line hai staff nahi|x-ray machine kharab padi hai
fe the ambulance reached in time|the doctor attended us immediately|the medicines were provided
fh एंबुलेंस समय पर पहुँच गई|डॉक्टर ने तुरंत देखा|दवाइयाँ उपलब्ध करा दी गईं
fl ambulance time pe aa gayi|doctor ne turant dekha|dawai mil gayi
ae how to make an Ayushman card|which hospitals accept the Golden Card
ae how to book an OPD appointment online
ah आयुष्मान कार्ड कैसे बनवाएँ|गोल्डन कार्ड किन अस्पतालों में मान्य है|ओपीडी का पर्चा ऑनलाइन कैसे बनवाएँ
al ayushman card kaise banega|golden card kaha kaha chalta hai|OPD ka parcha online kaise banaye
se Atal Ayushman Uttarakhand Yojana|State Government Health Scheme (Golden Card)
sh अटल आयुष्मान उत्तराखंड योजना|राज्य सरकार स्वास्थ्य योजना (गोल्डन कार्ड)
de free health camps will be held at all community health centres
de take precautions against dengue and do not let water collect around your house
dh सभी सामुदायिक स्वास्थ्य केंद्रों पर निःशुल्क स्वास्थ्य शिविर आयोजित होंगे
dh डेंगू से बचाव करें, घर के आसपास पानी जमा न होने दें
r hospital name and registration number~अस्पताल का नाम और पंजीकरण संख्या~hospital name aur reg. no.
@tourism tourism 1364
t tourism|yatra|char dham|chardham|temple|temples|pilgrim|pilgrimage|religious|culture
t dharmasv|paryatan|kedarnath|badrinath|पर्यटन|धर्मस्व|संस्कृति|यात्रा
ie hours-long queues at the yatra registration counter|no toilets on the yatra route
ie overcharging by hotels near the temple|poor crowd management at the ghat
ie a filthy parking area near the temple
ih यात्रा पंजीकरण काउंटर पर घंटों लंबी लाइन है|यात्रा मार्ग पर शौचालय नहीं हैं
ih मंदिर के पास होटल मनमाना किराया ले रहे हैं|घाट पर भीड़ प्रबंधन बहुत खराब है
ih मंदिर के पास पार्किंग में गंदगी है
il yatra registration counter pe ghanto line hai|yatra route pe toilet nahi hai
il hotel wale mandir ke paas loot rahe hai|ghat pe bheed ka koi intezaam nahi
il mandir parking me bahut gandagi hai
fe the darshan queue was managed smoothly|my registration was done in minutes
fe a lost pilgrim was reunited with the family
fh दर्शन की लाइन सुचारु रूप से चली|पंजीकरण कुछ ही मिनटों में हो गया
fh बिछड़े यात्री को परिवार से मिला दिया गया
fl darshan aaram se ho gaye|registration minto me ho gaya|bichde yatri ko family se mila diya
ae how to register for the Char Dham Yatra|whether registration is needed for Kedarnath
ae where to find the list of registered homestays
ah चारधाम यात्रा का पंजीकरण कैसे करें|केदारनाथ दर्शन के लिए पंजीकरण ज़रूरी है या नहीं
ah पंजीकृत होमस्टे की सूची कहाँ मिलेगी
al chardham yatra registration kaise kare|kedarnath ke liye registration zaroori hai kya
al registered homestay ki list kaha milegi
se Deen Dayal Upadhyay Home Stay Yojana|Veer Chandra Singh Garhwali Paryatan Swarozgar Yojana
se Char Dham Yatra registration
sh दीन दयाल उपाध्याय होम स्टे योजना|वीर चंद्र सिंह गढ़वाली पर्यटन स्वरोज़गार योजना
sh चारधाम यात्रा पंजीकरण
de registration is mandatory for the Char Dham Yatra; unregistered pilgrims will be stopped
de pilgrims should carry warm clothes and start the trek only after checking the weather
dh चारधाम यात्रा के लिए पंजीकरण अनिवार्य है, बिना पंजीकरण यात्रियों को रोका जाएगा
dh यात्री गर्म कपड़े साथ रखें और मौसम की जानकारी लेकर ही पैदल यात्रा शुरू करें
r registration ID~पंजीकरण आईडी~registration ID
@forest forest 1926
t forest|forests|van|wildlife|tiger|jungle|environment|वन|पर्यावरण
ie a leopard sighting near the village|forest fire on the hillside|illegal tree felling
ie monkeys and wild boars damaging crops|elephants entering fields at night
ih गाँव के पास गुलदार दिखा है|पहाड़ी पर जंगल में आग लगी है|अवैध पेड़ कटान हो रहा है
ih बंदर और जंगली सूअर फ़सल बर्बाद कर रहे हैं|रात में हाथी खेतों में घुस रहे हैं
il gaon ke paas guldar dikha hai|jungle me aag lagi hai|illegal ped kat rahe hai
il bandar aur suar fasal barbaad kar rahe hai|raat ko haathi kheto me aa rahe hai
fe the fire was brought under control|the leopard was safely rescued|a patrol team was deployed
fh आग पर काबू पा लिया गया|गुलदार को सुरक्षित रेस्क्यू कर लिया गया|गश्ती दल तैनात कर दिया गया
fl aag bujh gayi|guldar ko rescue kar liya|patrol team laga di gayi
ae how to claim compensation for crop damage by wild animals|how to book a Corbett safari
ae whom to inform about a forest fire
ah जंगली जानवरों से फ़सल नुकसान का मुआवज़ा कैसे मिलेगा|कॉर्बेट सफ़ारी की बुकिंग कैसे करें
ah जंगल की आग की सूचना किसे दें
al jungli janwaro se fasal nuksaan ka muavza kaise milega|corbett safari ki booking kaise kare
al jungle me aag lage to kisko batayein
se Harela plantation drive|compensation for human–wildlife conflict
sh हरेला पौधारोपण अभियान|मानव–वन्यजीव संघर्ष मुआवज़ा
de do not burn dry leaves or stubble near the forest during the fire season
de avoid going out alone after dark in areas with leopard movement
dh अग्निकाल में जंगल के पास सूखी पत्तियाँ या पराली न जलाएँ
dh गुलदार की आवाजाही वाले क्षेत्रों में अँधेरे के बाद अकेले बाहर न निकलें
r exact location~सटीक स्थान~exact location
@disaster usdma 1070
t disaster|usdma|sdrf|relief|landslide|flood|emergency|आपदा
ie a landslide blocking the road|cracks in houses after the landslide
ie no relief material after the cloudburst|waterlogging after heavy rain|river erosion near homes
ih भूस्खलन से रास्ता बंद है|भूस्खलन के बाद घरों में दरारें आ गई हैं
ih बादल फटने के बाद कोई राहत सामग्री नहीं मिली|भारी बारिश से जलभराव हो गया है
ih नदी घरों के पास कटाव कर रही है
il landslide se rasta band hai|gharo me daraare aa gayi hai|badal fatne ke baad koi rahat nahi mili
il baarish se paani bhar gaya hai|nadi ghar ke paas kataav kar rahi hai
fe the SDRF team reached within hours|the road was reopened|relief material was distributed
fh एसडीआरएफ़ की टीम कुछ ही घंटों में पहुँच गई|मार्ग फिर से खोल दिया गया|राहत सामग्री बाँट दी गई
fl SDRF team turant pahunch gayi|rasta khul gaya|rahat samagri mil gayi
ae how to apply for relief after house damage|which roads are open today
ae where the nearest relief camp is
ah मकान क्षति के लिए राहत राशि कैसे मिलेगी|आज कौन-कौन से मार्ग खुले हैं|नज़दीकी राहत शिविर कहाँ है
al ghar ke nuksaan ka muavza kaise milega|aaj kaunse raste khule hai|nazdeeki rahat camp kaha hai
se disaster relief assistance|Aapda Mitra volunteer training
sh आपदा राहत सहायता|आपदा मित्र स्वयंसेवक प्रशिक्षण
de heavy to very heavy rain is forecast; avoid travel on hill roads and stay away from rivers
de the national highway is blocked by a landslide and traffic has been diverted
dh भारी से बहुत भारी बारिश का पूर्वानुमान है, पहाड़ी मार्गों पर यात्रा से बचें
dh भूस्खलन के कारण राष्ट्रीय राजमार्ग बंद है, यातायात डायवर्ट किया गया है
r location and number of people affected~स्थान और प्रभावित लोगों की संख्या~location aur kitne log
@education schooleducation 1905
t education|school|schools|shiksha|college|colleges|university|board|शिक्षा|विद्यालय
ie no teacher in the primary school|a leaking school roof|mid-day meals not being served
ie scholarships not credited|no girls' toilet in the school
ih प्राथमिक विद्यालय में शिक्षक नहीं है|स्कूल की छत टपक रही है|मिड-डे मील नहीं मिल रहा
ih छात्रवृत्ति खाते में नहीं आई|स्कूल में छात्राओं के लिए शौचालय नहीं है
il school me teacher hi nahi hai|school ki chhat tapak rahi hai|mid day meal nahi mil raha
il scholarship abhi tak nahi aayi|school me ladkiyo ke liye toilet nahi hai
fe a teacher was posted|the scholarship was credited|the school roof was repaired
fh शिक्षक की तैनाती हो गई|छात्रवृत्ति खाते में आ गई|स्कूल की छत ठीक कर दी गई
fl teacher aa gaye|scholarship aa gayi|chhat theek ho gayi
ae when the board exam results will be declared|how to apply for the scholarship
ae how to get a migration certificate
ah बोर्ड परीक्षा का परिणाम कब आएगा|छात्रवृत्ति के लिए आवेदन कैसे करें|माइग्रेशन प्रमाण पत्र कैसे मिलेगा
al board result kab aayega|scholarship ka form kaise bhare|migration certificate kaise milega
se Mukhyamantri Medhavi Chhatra Protsahan Yojana|post-matric scholarship
sh मुख्यमंत्री मेधावी छात्र प्रोत्साहन योजना|पोस्ट-मैट्रिक छात्रवृत्ति
de schools will remain closed tomorrow due to the heavy rain alert
de admit cards for the board examinations are available for download
dh भारी बारिश की चेतावनी के कारण कल विद्यालय बंद रहेंगे
dh बोर्ड परीक्षाओं के प्रवेश पत्र डाउनलोड के लिए उपलब्ध हैं
r school name and UDISE code~विद्यालय का नाम और यूडाइस कोड~school ka naam aur UDISE code
@urban udd 1905
t urban|municipal|municipality|nagar nigam|nagar palika|city|housing|शहरी|आवास|नगर निगम
ie garbage not being collected|overflowing drains|non-functional streetlights
ie stray dogs everywhere|encroachment on the footpath
ih कूड़ा नहीं उठाया जा रहा|नालियाँ उफ़न रही हैं|स्ट्रीट लाइटें खराब हैं|हर तरफ़ आवारा कुत्ते हैं
ih फ़ुटपाथ पर अतिक्रमण है
il kooda nahi uth raha|naaliya overflow ho rahi hai|street light kharab hai
il har jagah awara kutte hai|footpath pe kabza hai
fe the garbage was cleared|the streetlights were repaired|the drain was cleaned
fh कूड़ा उठा लिया गया|स्ट्रीट लाइटें ठीक कर दी गईं|नाली साफ़ कर दी गई
fl kooda uth gaya|street light theek ho gayi|naali saaf ho gayi
ae how to pay property tax online|how to get a birth certificate|how to apply for a trade licence
ah संपत्ति कर ऑनलाइन कैसे जमा करें|जन्म प्रमाण पत्र कैसे बनवाएँ|ट्रेड लाइसेंस के लिए आवेदन कैसे करें
al property tax online kaise bhare|birth certificate kaise banwaye|trade licence kaise apply kare
se PM Awas Yojana (Urban)|Swachh Bharat Mission (Urban)
sh प्रधानमंत्री आवास योजना (शहरी)|स्वच्छ भारत मिशन (शहरी)
de door-to-door garbage collection timings have changed in all wards
de the last date for property tax payment without penalty has been extended
dh सभी वार्डों में घर-घर कूड़ा संग्रहण का समय बदल दिया गया है
dh बिना जुर्माने के संपत्ति कर जमा करने की अंतिम तिथि बढ़ा दी गई है
r ward number and nearest landmark~वार्ड संख्या और नज़दीकी पहचान स्थल~ward no. aur landmark
@agri agriculture 1800-180-1551
t agriculture|horticulture|farmer|farmers|kisan|krishi|dairy|animal husbandry|कृषि|उद्यान|पशुपालन
ie no seeds at the cooperative society|delays in crop insurance claims
ie no vet at the animal hospital|a fertiliser shortage|pending hailstorm compensation
ih सहकारी समिति में बीज नहीं मिल रहे|फ़सल बीमा का क्लेम अटका है|पशु चिकित्सालय में डॉक्टर नहीं है
ih खाद की भारी किल्लत है|ओलावृष्टि का मुआवज़ा नहीं मिला
il samiti me beej nahi mil rahe|fasal bima ka claim atka hai|pashu hospital me doctor nahi hai
il khaad nahi mil rahi|olavrishti ka muavza nahi mila
fe the seeds were made available|the insurance claim was settled|the vet visited our village
fh बीज उपलब्ध करा दिए गए|बीमा क्लेम का भुगतान हो गया|पशु चिकित्सक गाँव पहुँचे
fl beej mil gaye|bima ka paisa aa gaya|vet doctor gaon aa gaye
ae how to register for PM Kisan|how to get a soil health card|how to get a polyhouse subsidy
ah पीएम किसान में पंजीकरण कैसे करें|मृदा स्वास्थ्य कार्ड कैसे बनवाएँ|पॉलीहाउस पर सब्सिडी कैसे मिलेगी
al PM kisan me registration kaise kare|soil health card kaise banega|polyhouse subsidy kaise milegi
se PM Kisan Samman Nidhi|Mukhyamantri Ghasiyari Kalyan Yojana|Pradhan Mantri Fasal Bima Yojana
sh पीएम किसान सम्मान निधि|मुख्यमंत्री घसियारी कल्याण योजना|प्रधानमंत्री फ़सल बीमा योजना
de farmers must complete e-KYC before the next instalment
de report hailstorm crop damage within 72 hours for insurance claims
dh अगली किस्त के लिए किसान भाई ई-केवाईसी अवश्य पूरा करें
dh ओलावृष्टि से फ़सल क्षति की सूचना 72 घंटे के भीतर दें
r farmer registration number~कृषक पंजीकरण संख्या~kisan registration no.
@food fcs 1967
t food|ration|civil supplies|pds|consumer affairs|खाद्य|राशन
ie no ration at the fair price shop|short weighing by the ration dealer
ie ration cards not being updated|a fair price shop that is always closed
ih सरकारी राशन की दुकान पर राशन नहीं है|राशन डीलर कम अनाज दे रहा है|राशन कार्ड अपडेट नहीं हो रहा
ih सस्ते गल्ले की दुकान हमेशा बंद रहती है
il ration ki dukaan pe ration nahi hai|dealer kam anaaj de raha hai|ration card update nahi ho raha
il kotedar ki dukaan hamesha band rehti hai
fe the ration was distributed|my ration card was updated
fh राशन वितरित कर दिया गया|मेरा राशन कार्ड अपडेट हो गया
fl ration mil gaya|ration card update ho gaya
ae how to add a family member to the ration card|how to apply for a new ration card
ah राशन कार्ड में परिवार के सदस्य का नाम कैसे जोड़ें|नया राशन कार्ड कैसे बनवाएँ
al ration card me naam kaise jode|naya ration card kaise banega
se PM Garib Kalyan Anna Yojana|One Nation One Ration Card
sh प्रधानमंत्री गरीब कल्याण अन्न योजना|वन नेशन वन राशन कार्ड
de ration card e-KYC must be completed at the nearest fair price shop
de free ration for this month will be distributed from the 5th
dh राशन कार्ड की ई-केवाईसी नज़दीकी सस्ते गल्ले की दुकान पर अवश्य कराएँ
dh इस माह का निःशुल्क राशन 5 तारीख से वितरित होगा
r ration card number~राशन कार्ड संख्या~ration card number
@welfare wecd 181
t women|child|children|social welfare|samaj kalyan|pension|anganwadi|महिला|बाल|समाज कल्याण
ie delays in old age pension|no nutrition supply at the anganwadi centre
ie a pending widow pension application|no action on a harassment complaint
ih वृद्धावस्था पेंशन नहीं आई|आंगनबाड़ी केंद्र में पोषाहार नहीं मिल रहा|विधवा पेंशन का आवेदन लंबित है
ih उत्पीड़न की शिकायत पर कोई कार्रवाई नहीं
il pension nahi aayi|anganwadi me poshahaar nahi mil raha|widow pension ka form pending hai
il complaint pe koi action nahi
fe the pension was credited|the anganwadi supply was restored
fh पेंशन खाते में आ गई|आंगनबाड़ी में पोषाहार मिलने लगा
fl pension aa gayi|anganwadi me poshahaar milne laga
ae how to apply for old age pension|how to apply for the Nanda Gaura scheme
ah वृद्धावस्था पेंशन के लिए आवेदन कैसे करें|नंदा गौरा योजना में आवेदन कैसे करें
al budhapa pension ka form kaise bhare|nanda gaura ka form kaha milega
se Nanda Gaura Yojana|Mukhyamantri Vatsalya Yojana|Mukhyamantri Ekal Mahila Swarozgar Yojana
sh नंदा गौरा योजना|मुख्यमंत्री वात्सल्य योजना|मुख्यमंत्री एकल महिला स्वरोज़गार योजना
de women in distress can call the helpline 181 at any time
de pension beneficiaries must submit their annual life certificate
dh संकट में महिलाएँ किसी भी समय हेल्पलाइन 181 पर कॉल करें
dh पेंशन लाभार्थी अपना वार्षिक जीवन प्रमाण पत्र अवश्य जमा करें
r application number~आवेदन संख्या~application number
@general uk 1905
ie delays in issuing certificates|no response from the tehsil office|pending scheme payments
ie a non-functional Jan Seva Kendra
ih आवेदन महीनों से लंबित पड़े हैं|तहसील कार्यालय से कोई जवाब नहीं मिल रहा|प्रमाण पत्र नहीं बन रहे
ih योजना का पैसा नहीं आया
il application pending padi hai|tehsil se koi reply nahi|certificate nahi ban raha
il yojana ka paisa nahi aaya
fe my certificate was issued|the application was approved
fh मेरा प्रमाण पत्र बन गया|आवेदन स्वीकृत हो गया
fl certificate ban gaya|application approve ho gaya
ae how to track my application status|how to apply for an income certificate
ah आवेदन की स्थिति कैसे देखें|आय प्रमाण पत्र कैसे बनवाएँ
al application status kaise dekhe|income certificate kaise banega
se Mukhyamantri Swarozgar Yojana|Apuni Sarkar portal services
sh मुख्यमंत्री स्वरोज़गार योजना|अपुणि सरकार पोर्टल सेवाएँ
de all citizen services are now available online on the Apuni Sarkar portal
de government offices will remain closed on the gazetted holiday
dh सभी नागरिक सेवाएँ अब अपुणि सरकार पोर्टल पर ऑनलाइन उपलब्ध हैं
dh राजपत्रित अवकाश के कारण सरकारी कार्यालय बंद रहेंगे
r application number~आवेदन संख्या~application number
"""


def _parse_domains(text: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Turn the compact domain block into {key: {code: items}} once, at import time."""
    domains: dict[str, dict[str, list[str]]] = {}
    cur: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        if line.startswith("@"):
            key, slug, helpline = line[1:].split()
            host = "uk.gov.in" if slug == "uk" else f"{slug}.uk.gov.in"  # portal for 'general'
            cur = domains.setdefault(key, {"slug": [slug], "host": [host], "help": [helpline],
                                           "t": []})
            continue
        code, _, rest = line.partition(" ")
        sep = "~" if code == "r" else "|"
        cur.setdefault(code, []).extend(p.strip() for p in rest.split(sep))
    return {k: {c: tuple(v) for c, v in d.items()} for k, d in domains.items()}


_DOMAINS = _parse_domains(_DOMAIN_DATA)
for _d in _DOMAINS.values():  # fail at import, not mid-demo, if the block above is malformed
    assert len(_d["se"]) == len(_d["sh"]) and len(_d["de"]) == len(_d["dh"]), _d["slug"]
    assert all(_d.get(c) for c in ("ie", "ih", "il", "fe", "fh", "fl", "ae", "ah", "al")), _d
    assert len(_d["r"]) == 3, _d["slug"]

# ---------------------------------------------------------------------- department post texts
_POST_INFO_EN = _split("""
Applications are open under {sch}. Eligible: {elig}. Last date: {date}. Apply at {url}
{sch}: {elig} can apply online at {url} till {date}. Helpline: {help}
ADVISORY: {Adv}. For help call {help} or the control room at {phone}.
Alert for {place}: {adv}. Stay updated at {url} #{tag}
Documents required for {sch}: {docs}. Submit by {date} at the nearest office or on {url}
A camp under {sch} will be held at {place} on {date}, 10 AM to 4 PM. {Elig} may attend.
Facing an issue? Call {help} (24x7) or register it on {url}. Every complaint gets a docket number.
Important: {adv}. In an emergency dial 112.
Only {n} days left to apply under {sch}. Deadline: {date}. Details: {url}
Weather alert: heavy rain likely in {place} and nearby districts till {date}. Control room: 1070
Citizens of {place}, please note: {adv}. Control room: {phone}
{dept} update: registrations for {sch} are now open at {url}. Eligibility: {elig}.
Know your scheme: {sch}. Who can apply: {elig}. Documents: {docs}. Apply: {url}
Grievances can be registered on CM Helpline 1905 or {help}. Track the status at {url}
Notice: {adv}. This order is effective from {date} until further orders.
Special drive in {place} from {date}: on-the-spot registration for {sch}. Bring {docs}.
How to apply for {sch}: 1) visit {url} 2) register with mobile OTP 3) upload {docs}. Help: {help}
Reminder: the last date for {sch} is {date}. Don't miss it! {url} #{tag}
Public advisory for {place}: {adv}. Rely only on official handles and ignore rumours.
Beware of fraud calls in the name of {dept}. We never ask for OTP or bank details. Report on 1930.
Complaints can now be registered online at {url}; average resolution time is {n} days.
{n} camps will be held across {place} district till {date} for {sch}. Schedule: {url}
Help desks for {sch} are open at all district offices, {h1} AM to 5 PM. Call {phone} for details.
Save these numbers: {dept} {help}, Emergency 112, State Disaster Control Room 1070.
Update as on {date}: {adv}. Next update at {h2} PM. #{tag}
Under {sch}, {n},{k}00 applications have been approved so far. Still pending? Call {help}.
""")
_POST_INFO_HI = _split("""
{sch} के अंतर्गत आवेदन शुरू। पात्रता: {elig}। अंतिम तिथि: {date}। आवेदन करें: {url}
{sch}: {elig} {date} तक {url} पर ऑनलाइन आवेदन कर सकते हैं। हेल्पलाइन: {help}
एडवाइज़री: {adv}। सहायता के लिए {help} या कंट्रोल रूम {phone} पर संपर्क करें।
{place} के लिए अलर्ट: {adv}। ताज़ा जानकारी के लिए देखें {url} #{tag}
{sch} के लिए आवश्यक दस्तावेज़: {docs}। {date} तक नज़दीकी कार्यालय या {url} पर जमा करें।
{place} में {date} को {sch} के तहत शिविर, सुबह 10 से शाम 4 बजे तक। {elig} अवश्य पहुँचें।
कोई समस्या है? {help} (24x7) पर कॉल करें या {url} पर शिकायत दर्ज करें। हर शिकायत को डॉकेट नंबर मिलता है।
महत्वपूर्ण सूचना: {adv}। आपात स्थिति में 112 डायल करें।
{sch} में आवेदन के लिए केवल {n} दिन शेष। अंतिम तिथि {date}। विवरण: {url}
मौसम चेतावनी: {date} तक {place} सहित पर्वतीय जनपदों में भारी बारिश की संभावना। कंट्रोल रूम: 1070
{place} के नागरिक ध्यान दें: {adv}। कंट्रोल रूम: {phone}
{dept}: {sch} के लिए पंजीकरण {url} पर प्रारंभ। पात्रता: {elig}।
योजना को जानें: {sch}। कौन आवेदन कर सकता है: {elig}। दस्तावेज़: {docs}। आवेदन: {url}
मुख्यमंत्री हेल्पलाइन 1905 या {help} पर शिकायत दर्ज करें। शिकायत की स्थिति {url} पर देखें।
सूचना: {adv}। यह आदेश {date} से अग्रिम आदेशों तक प्रभावी रहेगा।
{place} में {date} से विशेष अभियान: {sch} हेतु मौके पर पंजीकरण। साथ लाएँ: {docs}।
{sch} में आवेदन कैसे करें? 1) {url} पर जाएँ 2) मोबाइल से पंजीकरण करें 3) {docs} अपलोड करें।
याद रखें: {sch} की अंतिम तिथि {date} है। {url} #{tag}
{place} के लिए जन-सलाह: {adv}। केवल आधिकारिक सूचनाओं पर भरोसा करें, अफ़वाहों से बचें।
सावधान! {dept} के नाम पर बैंक विवरण माँगने वाले कॉल से बचें। साइबर ठगी की शिकायत 1930 पर करें।
अब शिकायतें {url} पर ऑनलाइन दर्ज की जा सकती हैं; औसत निस्तारण समय {n} दिन है।
{date} तक {place} जनपद में {sch} के लिए {n} शिविर लगाए जाएँगे। कार्यक्रम देखें: {url}
{sch} के लिए हेल्प डेस्क सभी जिला कार्यालयों में सुबह {h1} से शाम 5 बजे तक। संपर्क: {phone}
महत्वपूर्ण नंबर: {dept} {help}, आपातकालीन 112, राज्य आपदा कंट्रोल रूम 1070। इन्हें सेव कर लें।
{date} तक की स्थिति: {adv}। अगला अपडेट शाम {h2} बजे। #{tag}
{sch} के अंतर्गत अब तक {n},{k}00 आवेदन स्वीकृत। आवेदन लंबित है? {help} पर कॉल करें।
""")
_POST_PLAIN_EN = _split("""
Warm wishes to everyone on {fest}! May it bring joy and prosperity to every home. #{tag}
Happy {fest} from the entire {dept} family! 🙏
{dig} chaired a {event} at {place} today. #{tag}
Glimpses of the {event} organised at {place}. 📸
{dig} inaugurated the {facility} at {place}. #{tag}
Heartiest greetings on {fest}. Let us celebrate responsibly and keep our surroundings clean.
Officers and staff of {dept} took part in the {event} at {place}.
Proud moment! Our team was felicitated at {place} for outstanding work on {kw}.
Tributes to the martyrs of the Uttarakhand statehood movement. 🙏
A {event} was held today under the chairmanship of {dig}. Officers from all districts attended.
Photos: {dig} visited {place} and interacted with staff and local residents.
Best wishes on {fest} to all residents of Devbhoomi Uttarakhand! 🌼
{dig} flagged off awareness vans from {place} today. #{tag}
Team {dept} wishes you a very happy {fest}.
Thank you {place} for the overwhelming participation in the {event}! 👏
The {event} at {place} concluded today with an address by {dig}.
Celebrating {fest} with the community at {place}. #{tag}
Memories from the {event}. Together for a better Uttarakhand! 💐
{dig} planted saplings at {place} on the occasion of {fest}. 🌱
Congratulations to all our staff on completing another year of dedicated service. 🎉
District officers met at {place} under {dig}; the progress of {kw} was discussed.
On {fest}, we reaffirm our commitment to serve the people of Uttarakhand.
Good morning Uttarakhand! ☀️ #{tag}
Moments from the felicitation ceremony at {place}. 🏅
{dig} paid a courtesy visit to {place} today and met the team.
A {event} on {kw} was held at {place}. Thanks to all participants! #{tag}
""")
_POST_PLAIN_HI = _split("""
{fest} के पावन अवसर पर समस्त प्रदेशवासियों को हार्दिक शुभकामनाएँ! #{tag}
{dept} परिवार की ओर से आप सभी को {fest} की बधाई! 🙏
{dig} ने आज {place} में {event} की अध्यक्षता की। #{tag}
{place} में आयोजित {event} की कुछ झलकियाँ। 📸
{dig} ने {place} में {facility} का लोकार्पण किया। #{tag}
{fest} की हार्दिक बधाई। आइए, स्वच्छ और सुरक्षित तरीके से त्योहार मनाएँ।
{place} में आयोजित {event} में {dept} के अधिकारियों एवं कर्मचारियों ने प्रतिभाग किया।
गर्व का क्षण! {place} में हमारी टीम को उत्कृष्ट कार्य के लिए सम्मानित किया गया।
उत्तराखंड राज्य आंदोलन के अमर शहीदों को शत-शत नमन। 🙏
{dig} की अध्यक्षता में आज {event} का आयोजन किया गया। सभी जनपदों के अधिकारी उपस्थित रहे।
{dig} ने {place} का भ्रमण कर कर्मचारियों एवं स्थानीय लोगों से संवाद किया।
देवभूमि उत्तराखंड के सभी निवासियों को {fest} की शुभकामनाएँ! 🌼
{dig} ने आज {place} से जागरूकता वाहनों को हरी झंडी दिखाकर रवाना किया। #{tag}
टीम {dept} की ओर से आपको {fest} की ढेर सारी शुभकामनाएँ।
{event} में उत्साहपूर्ण भागीदारी के लिए {place} का आभार! 👏
{place} में आज {event} का सफल आयोजन हुआ।
{place} में जनसमुदाय के साथ {fest} का उत्सव। #{tag}
{event} की यादें। बेहतर उत्तराखंड के लिए साथ मिलकर! 💐
{fest} के अवसर पर {dig} ने {place} में पौधारोपण किया। 🌱
सेवा का एक और वर्ष पूर्ण होने पर सभी कार्मिकों को बधाई। 🎉
{dig} की अध्यक्षता में {place} में जनपद स्तरीय अधिकारियों की बैठक आयोजित हुई।
{fest} पर हम प्रदेश की जनता की सेवा के अपने संकल्प को दोहराते हैं।
सुप्रभात उत्तराखंड! ☀️ #{tag}
{place} में आयोजित सम्मान समारोह के कुछ क्षण। 🏅
{dig} ने आज {place} पहुँचकर टीम से मुलाकात की।
{place} में {event} संपन्न, सभी प्रतिभागियों का धन्यवाद! #{tag}
""")

# ---------------------------------------------------------------------------- citizen messages
_GRIEVANCE_EN = _split("""
{Issue} in ward {ward}, {place} since {day}. Nobody is responding. {handle}
{handle} {issue} in our area ({place}) for the last {n} days. When will this be fixed?
Complained {n} times about {issue} near {place} bus stand, still no action. Very disappointing.
Dear {handle}, {issue} in {place} for {n} days. Elderly people and kids are suffering. Please act.
{Issue} again in {place}! This is the {k}th time this month. {handle} please look into it.
Still {issue} in ward {ward}, {place}. Complained on 1905 {n} days ago but nothing happened.
Is anyone from {dept} listening? {Issue} at {place} for {n} days now.
{Issue} near the main market in {place}. Requesting urgent action {handle}
No response on the helpline. {Issue} in {place}, ward {ward}. Pathetic service.
{handle} kindly help. {Issue} in my village near {place} for over a week.
Every week the same story in {place}: {issue}. Please fix it permanently.
{n} days and counting. {Issue} in {place}. Shameful. {handle}
Sir, {issue} in {place} since {day}. Officials are not picking up calls.
We have been facing {issue} in ward {ward}, {place} for {n} days. Please send someone.
{Issue} at {place}. Reported to the local office {n} days ago. Zero action.
Tourists and locals both suffering due to {issue} in {place}. {handle} please act fast.
This is the condition in {place}: {issue} for {n} days. #Uttarakhand {handle}
Please resolve {issue} in {place} at the earliest. We have been waiting since {day}.
Pathetic! {Issue} in {place} and no one to listen.
Third complaint this week: {issue} in ward {ward}, {place}. {handle}
{Issue} in {place} for {h} hours now. Please do something ASAP.
Requesting {dept} to look into {issue} near {place}. It is getting worse every day.
{Issue} in {place}. Called {n} times, always told 'team is on the way'. Nobody came.
Respected sir, residents of ward {ward}, {place} are facing {issue} for {n} days. Kindly intervene.
Hello {handle}, {issue} in {place} since {day}. Any update?
{Issue}, {n} days now, ward {ward} {place}. No one is listening 😡
""")
_GRIEVANCE_HI = _split("""
{place} के वार्ड {ward} में {n} दिन से {issue}। कोई सुनवाई नहीं हो रही। {handle}
{handle} हमारे क्षेत्र ({place}) में पिछले {n} दिनों से {issue}। कब तक ठीक होगा?
{n} बार शिकायत कर चुके हैं, फिर भी {place} में {issue}। बहुत निराशाजनक।
आदरणीय महोदय, {place} में {day} से {issue}। बुज़ुर्ग और बच्चे परेशान हैं, कृपया कार्रवाई करें।
{place} में फिर से {issue}! इस महीने यह {k}वीं बार है। {handle}
1905 पर {n} दिन पहले शिकायत दर्ज की थी, लेकिन वार्ड {ward}, {place} में अब भी {issue}।
क्या {dept} में कोई सुनने वाला है? {place} में {n} दिन से {issue}।
{place} मुख्य बाज़ार के पास {issue}। कृपया तुरंत संज्ञान लें {handle}
हेल्पलाइन पर कोई जवाब नहीं। {place} वार्ड {ward} में {issue}। बेहद खराब व्यवस्था।
{handle} कृपया मदद करें। {place} के पास हमारे गाँव में एक हफ़्ते से {issue}।
हर हफ़्ते यही हाल है, {place} में {issue}। स्थायी समाधान कीजिए।
{n} दिन हो गए, {place} में {issue}। शर्मनाक। {handle}
सर, {place} में {day} से {issue}। अधिकारी फ़ोन नहीं उठा रहे।
वार्ड {ward}, {place} में {n} दिनों से {issue}, लोग परेशान हैं। कृपया किसी को भेजें।
{place} में {issue}। स्थानीय कार्यालय में {n} दिन पहले बताया था, कोई कार्रवाई नहीं।
{place} में {issue}, पर्यटक और स्थानीय लोग दोनों परेशान। {handle} जल्द कार्रवाई करें।
{place} की हालत देखिए: {n} दिन से {issue}। #उत्तराखंड {handle}
कृपया {place} की समस्या जल्द हल करें, {day} से {issue}।
बहुत बुरा हाल! {place} में {issue} और कोई सुनने वाला नहीं।
इस हफ़्ते तीसरी शिकायत: वार्ड {ward}, {place} में {issue}। {handle}
{place} में {h} घंटे से {issue}। कृपया जल्द से जल्द ठीक करवाएँ।
{dept} से निवेदन है, {place} में {issue}। स्थिति रोज़ बिगड़ रही है।
{n} बार फ़ोन किया, हर बार कहते हैं टीम आ रही है। {place} में अब भी {issue}।
माननीय महोदय, वार्ड {ward}, {place} में {n} दिनों से {issue}। कृपया हस्तक्षेप करें।
नमस्ते {handle}, {place} में {day} से {issue}। कोई अपडेट?
{issue}, {n} दिन हो गए। {place} वार्ड {ward}। कोई सुनवाई नहीं 😡
""")
_GRIEVANCE_HL = _split("""
{place} ward {ward} me {n} din se {issue}, koi sunwai nahi {handle}
{handle} sir {place} me {n} din se {issue}. kab tak theek hoga??
{n} baar complaint kar chuke hai phir bhi {issue}. {place} me koi dekhne wala nahi
Sir pls help, {place} me {day} se {issue}. bache aur buzurg pareshan hai
{place} me fir se {issue}!! is mahine {k}th time hai {handle}
1905 pe complaint ki thi {n} din pehle, abhi tak {issue}. ward {ward}, {place}
koi sunne wala hai {dept} me? {place} me {n} din se {issue}
{place} main market ke paas {issue}. jaldi action lo pls {handle}
helpline pe koi phone nahi uthata. {place} ward {ward} me {issue}. bekar system
{handle} pls help.. hamare gaon me ({place} ke paas) ek hafte se {issue}
har hafte yahi haal hai {place} me, {issue}. permanent solution do
{n} din ho gaye yaar, {place} me {issue}. sharam aani chahiye {handle}
sir {place} me {day} se {issue}, officer phone nahi utha rahe
ward {ward} {place} wale {n} din se pareshan hai, {issue}. kisi ko bhejo pls
{place} me {issue}. local office me {n} din pehle bataya tha, zero action
tourist bhi pareshan local bhi, {place} me {issue}. {handle} kuch karo
ye haal hai {place} ka: {n} din se {issue} #Uttarakhand {handle}
pls {place} ka issue jaldi solve karo, {day} se {issue}
pathetic!! {place} me {issue} aur koi sunne wala nahi
is week ki teesri complaint: ward {ward} {place} me {issue} {handle}
{place} me {h} ghante se {issue}, jaldi theek karwao sir
{dept} se request hai {place} me {issue}, dhyan do. roz haalat kharab ho rahi hai
{n} baar call kiya, har baar bolte hai team aa rahi hai. {place} me abhi bhi {issue}
respected sir, ward {ward} {place} me {n} din se {issue}. kripya dhyan de
hello {handle} {place} me {day} se {issue}, koi update?
{issue} {n} din se, {place} ward {ward}. koi sunwai nahi 😡
""")
_PRAISE_EN = _split("""
Thank you {handle} for the quick response! {Fix} in {place} within {h} hours.
Great work by the {dept} team in {place}. {Fix}. 👏
Impressed with the prompt action. Complained on {day} and {fix} the next day. Thanks!
Kudos to the field staff in {place} who worked in the rain. {Fix}.
Finally! {Fix} in ward {ward}, {place}. Thank you {handle}.
Rare to see such fast service. Thanks {dept}! 🙏
Appreciate the reply and follow-up from {handle}. Issue resolved.
Excellent arrangements in {place} this time. Keep it up {dept}!
Thanks for the timely advisory, it really helped us plan our trip to {place}.
Big thanks to the team in {place}. {Fix} and the staff were very polite.
Good job {handle}! {Fix} in {place}. This is how it should be.
Complaint closed and {fix}. Satisfied with the service.
Salute to the {dept} staff on duty in {place} day and night. 🙏
Well done! {Fix} in just {h} hours.
Happy to report that {fix} in our area ({place}). Thank you!
The helpline actually works! Called, got a docket number, and {fix} the same day.
Thank you {dept} for listening to the residents of {place}.
Heartfelt thanks to the officers in {place} for their quick support.
Very helpful staff at the {place} office. Work done in {n} days.
Appreciate the transparency and regular updates, {handle}. 👍
{Fix} in {place}. Thanks to everyone involved!
Great initiative by {dept}. Hope this continues in {place} too.
Responsive and professional. Thanks for resolving my complaint, {handle}.
Proud of our Uttarakhand team in {place}! {Fix}.
Thank you for the swift action in ward {ward}, {place}. Much appreciated.
""")
_PRAISE_HI = _split("""
त्वरित कार्रवाई के लिए धन्यवाद {handle}! {place} में {h} घंटे के अंदर {fix}।
{place} में {dept} की टीम का शानदार काम। {fix}। 👏
तेज़ कार्रवाई से प्रभावित हूँ। {day} को शिकायत की और अगले दिन {fix}। धन्यवाद!
बारिश में भी काम करने वाले {place} के फ़ील्ड कर्मचारियों को सलाम। {fix}।
आखिरकार वार्ड {ward}, {place} में {fix}। धन्यवाद {handle}।
इतनी तेज़ सेवा कम ही देखने को मिलती है। धन्यवाद {dept}! 🙏
{handle} के जवाब और फ़ॉलो-अप की सराहना करता हूँ। समस्या हल हो गई।
इस बार {place} में बहुत अच्छी व्यवस्था है। ऐसे ही काम करते रहिए!
समय पर एडवाइज़री के लिए धन्यवाद, {place} की यात्रा की योजना बनाने में बहुत मदद मिली।
{place} की टीम का बहुत-बहुत आभार। {fix} और कर्मचारी बहुत विनम्र थे।
बहुत बढ़िया {handle}! {place} में {fix}। ऐसा ही होना चाहिए।
शिकायत का निस्तारण हो गया और {fix}। सेवा से संतुष्ट हूँ।
{place} में दिन-रात ड्यूटी कर रहे {dept} के कर्मचारियों को सलाम। 🙏
शाबाश! सिर्फ़ {h} घंटे में {fix}।
यह बताते हुए खुशी है कि हमारे क्षेत्र ({place}) में {fix}। धन्यवाद!
हेल्पलाइन सच में काम करती है! कॉल किया, डॉकेट नंबर मिला और उसी दिन {fix}।
{place} के निवासियों की बात सुनने के लिए {dept} का धन्यवाद।
त्वरित सहयोग के लिए {place} के अधिकारियों का हृदय से आभार।
{place} कार्यालय के कर्मचारी बहुत मददगार हैं। {n} दिन में काम हो गया।
पारदर्शिता और नियमित अपडेट के लिए आभार {handle}। 👍
{place} में {fix}। सभी का धन्यवाद!
{dept} की शानदार पहल। उम्मीद है {place} में भी यह जारी रहेगी।
मेरी शिकायत का समाधान करने के लिए धन्यवाद {handle}, बहुत ही पेशेवर व्यवहार।
{place} की हमारी उत्तराखंड टीम पर गर्व है! {fix}।
वार्ड {ward}, {place} में त्वरित कार्रवाई के लिए धन्यवाद। बहुत आभार।
""")
_PRAISE_HL = _split("""
thank you {handle} itna jaldi action ke liye! {place} me {h} ghante me {fix}
{place} me {dept} team ne badhiya kaam kiya, {fix} 👏
{day} ko complaint ki aur next day {fix}. thanks sir
baarish me bhi kaam karne wale {place} ke staff ko salute, {fix}
finally ward {ward} {place} me {fix}. thank u {handle}
itni fast service pehli baar dekhi. thanks {dept} 🙏
{handle} ka reply aur follow up accha laga, problem solve ho gayi
is baar {place} me arrangement bahut acche hai, keep it up
advisory time pe aa gayi thi, {place} trip plan karne me help mili. thanks
{place} team ko bahut bahut dhanyawad, {fix} aur staff bhi polite tha
good job {handle}! {place} me {fix}. aise hi kaam hona chahiye
complaint close ho gayi aur {fix} bhi. satisfied hu
{place} me din raat duty karne wale staff ko salaam 🙏
wah! sirf {h} ghante me {fix}
khushi hui, hamare area ({place}) me {fix}. thanks!!
helpline sach me kaam karti hai, call kiya docket mila aur usi din {fix}
{place} walo ki baat sunne ke liye thanks {dept}
{place} ke officers ka dil se shukriya, turant help mili
{place} office ka staff bahut helpful hai, {n} din me kaam ho gaya
regular updates ke liye thanks {handle} 👍
{place} me {fix}, sabka dhanyawad
{dept} ki acchi pehal, {place} me bhi continue rakhna
mera complaint solve karne ke liye thanks {handle}, very professional
proud of {place} team! {fix} 💪
ward {ward} {place} me fast action ke liye thanks, bahut accha laga
""")
_QUERY_EN = _split("""
{handle} {Ask}?
Hi, could you tell me {ask}? I live in {place}.
Sir, {ask}? Is there any helpline for {place}?
Is {sch} open for applications right now? What is the last date?
Can someone from {dept} guide me on {ask}?
Query: {ask}? The website is not loading.
Is there any camp in {place} this month for {sch}?
What documents are needed for {sch}? Please reply.
How long does it take to get a response after complaining on 1905?
Please share the helpline number of the {place} office.
Is the situation normal in {place} now? Planning to travel on {day}.
{handle} my application for {sch} has been pending for {n} weeks. How do I check the status?
Where can I find the official notice about {kw}?
Does the {place} office work on Saturdays?
Could you clarify {ask}? The information online is confusing.
Who is the nodal officer for {kw} in {place}?
Can I apply online or do I need to visit the {place} office?
What are the office timings of {dept} in {place}?
{handle} is the helpline {help} working? Tried {n} times.
Does anyone know {ask}? Asking for my parents in {place}.
Is there any age limit for {sch}?
When will the list of beneficiaries for {sch} be published?
What is the process for {kw} related complaints in {place}?
Is there a WhatsApp number or email for complaints to {dept}?
How do I escalate a complaint that has been pending for {n} days?
""")
_QUERY_HI = _split("""
{handle} {ask}?
नमस्ते, कृपया बताएँ {ask}? मैं {place} में रहता हूँ।
सर, {ask}? क्या {place} के लिए कोई हेल्पलाइन है?
क्या {sch} के लिए अभी आवेदन चल रहे हैं? अंतिम तिथि क्या है?
{dept} से कोई मार्गदर्शन कर दे, {ask}?
प्रश्न: {ask}? वेबसाइट नहीं खुल रही।
क्या इस महीने {place} में {sch} का कोई शिविर लगेगा?
{sch} के लिए कौन-कौन से दस्तावेज़ चाहिए? कृपया बताएँ।
1905 पर शिकायत करने के बाद जवाब आने में कितना समय लगता है?
कृपया {place} कार्यालय का हेल्पलाइन नंबर साझा करें।
क्या अब {place} में स्थिति सामान्य है? {day} को यात्रा करनी है।
{handle} {sch} के लिए मेरा आवेदन {n} हफ़्ते से लंबित है। स्थिति कैसे देखूँ?
क्या {place} कार्यालय शनिवार को खुला रहता है?
कृपया स्पष्ट करें {ask}? ऑनलाइन जानकारी भ्रमित करने वाली है।
{place} में इस विषय के नोडल अधिकारी कौन हैं?
क्या ऑनलाइन आवेदन हो सकता है या {place} कार्यालय जाना पड़ेगा?
{place} में {dept} के कार्यालय का समय क्या है?
{handle} क्या हेल्पलाइन {help} चालू है? {n} बार कोशिश कर चुका हूँ।
क्या किसी को पता है {ask}? {place} में माता-पिता के लिए पूछ रहा हूँ।
क्या {sch} में कोई आयु सीमा है?
{sch} के लाभार्थियों की सूची कब जारी होगी?
{place} में शिकायत दर्ज कराने की प्रक्रिया क्या है?
क्या {dept} में शिकायत के लिए कोई व्हाट्सऐप नंबर या ईमेल है?
{n} दिन से लंबित शिकायत को आगे कैसे बढ़ाएँ?
क्या {place} का रास्ता खुला है? {day} के लिए कोई एडवाइज़री?
""")
_QUERY_HL = _split("""
{handle} {ask}?
hello sir, {ask}? main {place} me rehta hu
sir {ask}?? {place} ke liye koi helpline hai kya
{sch} ke form abhi chal rahe hai kya? last date kya hai
{dept} se koi guide kar do pls, {ask}?
{ask}? website open hi nahi ho rahi
is mahine {place} me {sch} ka koi camp lagega kya?
{sch} ke liye kaunse documents chahiye? pls batao
1905 pe complaint ke baad reply aane me kitna time lagta hai?
{place} office ka helpline number share kar do pls
{place} me ab sab normal hai kya? {day} ko travel karna hai
{handle} {sch} ka application {n} hafte se pending hai, status kaise check karu?
{place} office saturday ko khula rehta hai kya?
{ask}? online info confusing hai, clear kar do
{place} me iske nodal officer kaun hai?
online apply ho sakta hai ya {place} office jana padega?
{place} me {dept} office ki timing kya hai?
{handle} helpline {help} chal rahi hai kya? {n} baar try kiya
kisi ko pata hai {ask}? mummy papa ke liye puchna tha, {place} me
{sch} me koi age limit hai kya?
{sch} ki beneficiary list kab aayegi?
{place} me complaint kaise register kare? process kya hai
{dept} ka koi whatsapp number ya email hai complaint ke liye?
{n} din se complaint pending hai, escalate kaise kare?
{place} wala rasta khula hai kya? {day} ke liye koi advisory?
""")
_NOISE_EN = _split("""
Good morning everyone 🌞 || Beautiful view of {place} today! 😍 #Uttarakhand || Jai Dev Bhoomi 🙏
Who else is watching the match tonight? || Nice pic 👍 || first comment 😄 || Same here
Earn ₹{n},000 daily from home!! DM for details || Follow me for daily updates on {place} 🏔️
{place} weather is just perfect right now ☁️ || Jai Badri Vishal! 🙏 || Anyone from {place} here?
Missing home, missing {place} 😢 || Happy weekend friends! || lol 😂 || Wow 🔥🔥
Check out my new vlog from {place}, link in bio! || Namaste from {place} 🙏
Mountains are calling ⛰️ #{place_tag} || Kedarnath yatra memories ❤️ || Har Har Mahadev 🔱
Who is the photographer? Amazing shot. || This page posts so much, love it
Traffic at {place} today was something else 😅 || Rain again in {place} ☔ chai time
Good evening from {place} 🌄 || Jai Uttarakhand, Jai Bharat 🇮🇳 || {place} ❤️❤️
""")
_NOISE_HI = _split("""
सुप्रभात सभी को 🌞 || आज {place} का नज़ारा बहुत सुंदर है! 😍 || जय देवभूमि 🙏
आज रात मैच कौन-कौन देख रहा है? || बहुत सुंदर तस्वीर 👍 || पहला कमेंट 😄 || वाह 🔥🔥
घर बैठे रोज़ ₹{n},000 कमाएँ!! जानकारी के लिए मैसेज करें || {place} की खबरों के लिए फ़ॉलो करें 🏔️
{place} का मौसम अभी एकदम बढ़िया है ☁️ || जय बद्री विशाल! 🙏 || {place} से कोई है यहाँ?
घर की याद आ रही है, {place} की याद आ रही है 😢 || सभी मित्रों को शुभ सप्ताहांत! || हा हा हा 😂
{place} से मेरा नया व्लॉग देखिए! || {place} से नमस्ते 🙏 || पहाड़ बुला रहे हैं ⛰️
केदारनाथ यात्रा की यादें ❤️ || फ़ोटो किसने खींची है? कमाल की तस्वीर। || हर हर महादेव 🔱
{place} में आज बहुत जाम था 😅 || {place} में फिर बारिश ☔ चाय का समय || {place} से शुभ संध्या 🌄
जय उत्तराखंड, जय भारत 🇮🇳 || बिल्कुल सही बात || {place} ❤️❤️ || यह पेज बहुत अच्छा है
""")
_NOISE_HL = _split("""
good morning sabko 🌞 || aaj {place} ka view mast hai 😍 || jai dev bhoomi 🙏 || wah 🔥🔥
aaj match kaun kaun dekh raha hai? || nice pic bhai 👍 || first comment 😄 || same yaar
ghar baithe roz ₹{n},000 kamao!! DM karo || follow karo {place} ki daily updates ke liye 🏔️
{place} ka mausam ekdum mast hai abhi || jai badri vishal 🙏 || koi {place} se hai yaha?
ghar ki yaad aa rahi hai, {place} miss kar raha hu 😢 || happy weekend doston || hahaha 😂😂
mera naya vlog dekho {place} wala, link bio me || namaste from {place} 🙏 || pahad bula rahe hai ⛰️
kedarnath yatra yaad aa gayi ❤️ || photo kisne kheechi? kamaal hai || har har mahadev 🔱
{place} me aaj bahut jam tha 😅 || {place} me fir baarish ☔ chai time || {place} ❤️❤️
bhai ye page kaun chalata hai 😂 || jai uttarakhand 🇮🇳 || sahi baat hai || ekdum sahi
""")

# ---------------------------------------------------------------------------- department replies
_REPLY_EN = _split("""
We regret the inconvenience. Please DM your {ref} so that we can look into it.
Your complaint has been registered. Docket no. {docket}.
Noted. A team has been dispatched and will reach the site shortly.
The issue has been resolved. Kindly confirm at your end.
Thank you for bringing this to our notice. The concerned officer has been informed.
Please share your {ref} and exact location via DM for quick action.
Complaint registered vide docket no. {docket}. Expected resolution within {h} hours.
Our field team is on the job. We request your patience.
As per the field report, the issue is resolved. Please let us know if it persists.
Kindly call our helpline {help} for immediate assistance.
We have forwarded your complaint to the concerned division. Ref: {docket}.
Thank you for your kind words! We remain committed to serving you. 🙏
Please DM us your {ref}; our team will call you back.
Work is in progress and will be completed within {n} days.
Dear citizen, your issue has been noted (docket {docket}). You may track it on CM Helpline 1905.
Sorry for the delay. The matter has been escalated to the senior officer.
The team reached the location and the issue has been rectified. Please confirm.
Thanks for your feedback. We will share it with the team.
For this query please visit the nearest {dept} office or call {help}.
We are checking this. Kindly share a photo and the nearest landmark via DM.
Your complaint {docket} has been closed after resolution. If not satisfied, reply here.
Thank you for your patience. The service has been restored.
Acknowledged. The local team will contact you within {h} hours.
This falls under another department; we have forwarded it. Ref {docket}.
Please follow this handle for official updates. For emergencies dial 112.
""")
_REPLY_HI = _split("""
असुविधा के लिए खेद है। कृपया अपना {ref} इनबॉक्स में भेजें ताकि हम इसे देख सकें।
आपकी शिकायत दर्ज कर ली गई है। डॉकेट संख्या {docket}।
संज्ञान में लिया गया। टीम रवाना कर दी गई है, शीघ्र ही मौके पर पहुँचेगी।
समस्या का समाधान कर दिया गया है। कृपया पुष्टि करें।
अवगत कराने के लिए धन्यवाद। संबंधित अधिकारी को सूचित कर दिया गया है।
त्वरित कार्रवाई हेतु कृपया अपना {ref} और सटीक स्थान इनबॉक्स में भेजें।
शिकायत डॉकेट संख्या {docket} के अंतर्गत दर्ज। {h} घंटे में समाधान अपेक्षित है।
हमारी फ़ील्ड टीम कार्य पर है। कृपया धैर्य बनाए रखें।
फ़ील्ड रिपोर्ट के अनुसार समस्या का निस्तारण हो गया है। समस्या बनी हो तो कृपया बताएँ।
तत्काल सहायता के लिए कृपया हमारी हेल्पलाइन {help} पर कॉल करें।
आपकी शिकायत संबंधित खंड को भेज दी गई है। संदर्भ: {docket}।
आपके स्नेहपूर्ण शब्दों के लिए धन्यवाद! हम आपकी सेवा के लिए प्रतिबद्ध हैं। 🙏
कृपया अपना {ref} इनबॉक्स करें, हमारी टीम आपसे संपर्क करेगी।
कार्य प्रगति पर है और {n} दिनों में पूर्ण कर लिया जाएगा।
प्रिय नागरिक, आपकी समस्या संज्ञान में ली गई है (डॉकेट {docket})। इसे सीएम हेल्पलाइन 1905 पर देखें।
देरी के लिए खेद है। मामला वरिष्ठ अधिकारी के संज्ञान में लाया गया है।
टीम ने मौके पर पहुँचकर समस्या ठीक कर दी है। कृपया पुष्टि करें।
आपके सुझाव के लिए धन्यवाद। इसे संबंधित टीम तक पहुँचाया जाएगा।
इस संबंध में कृपया नज़दीकी {dept} कार्यालय से संपर्क करें या {help} पर कॉल करें।
हम इसकी जाँच कर रहे हैं। कृपया फ़ोटो और नज़दीकी पहचान स्थल इनबॉक्स में भेजें।
आपकी शिकायत {docket} का समाधान कर बंद कर दिया गया है। संतुष्ट न हों तो यहाँ बताएँ।
धैर्य के लिए धन्यवाद। सेवा बहाल कर दी गई है।
प्राप्त हुआ। स्थानीय टीम {h} घंटे के भीतर आपसे संपर्क करेगी।
यह विषय अन्य विभाग से संबंधित है; इसे अग्रसारित कर दिया गया है। संदर्भ {docket}।
आधिकारिक अपडेट के लिए इस हैंडल को फ़ॉलो करें। आपात स्थिति में 112 डायल करें।
""")
_REPLY_HL = _split("""
asuvidha ke liye khed hai. kripya apna {ref} DM karein taaki hum check kar sakein.
aapki complaint register ho gayi hai. Docket no. {docket}.
sangyan me liya gaya hai. team bhej di gayi hai, jaldi site pe pahunchegi.
aapki samasya resolve kar di gayi hai, kripya confirm karein.
batane ke liye dhanyawad. sambandhit adhikari ko inform kar diya gaya hai.
jaldi action ke liye apna {ref} aur exact location DM karein.
complaint docket no. {docket} me darj hai. {h} ghante me resolve hone ki ummeed hai.
hamari field team kaam par hai, kripya thoda dhairya rakhein.
field report ke hisaab se issue solve ho gaya hai. problem abhi bhi hai to batayein.
turant help ke liye helpline {help} par call karein.
aapki complaint concerned division ko forward kar di gayi hai. Ref: {docket}.
aapke shabdon ke liye dhanyawad! hum aapki seva ke liye tatpar hain 🙏
apna {ref} DM karein, team aapko call karegi.
kaam chal raha hai, {n} din me poora ho jayega.
aapki samasya note kar li gayi hai. Docket {docket}. CM Helpline 1905 par track kar sakte hain.
deri ke liye maafi. maamla senior adhikari ko escalate kar diya gaya hai.
team ne site par pahunch kar issue theek kar diya hai. pls confirm karein.
feedback ke liye thanks, team tak pahuncha diya jayega.
is query ke liye nazdeeki {dept} office jayein ya {help} par call karein.
hum check kar rahe hain. photo aur nazdeeki landmark DM karein.
complaint {docket} resolve karke close kar di gayi hai. satisfied na ho to yahan reply karein.
dhairya ke liye dhanyawad, service restore ho gayi hai.
note kar liya gaya hai. local team {h} ghante me aapse contact karegi.
ye vishay doosre vibhag ka hai, forward kar diya gaya hai. Ref {docket}.
official updates ke liye is handle ko follow karein. emergency me 112 dial karein.
""")

PLACES = tuple(zip(_PLACES_EN, _PLACES_HI, strict=True))

_CITIZEN: dict[tuple[str, str], tuple[str, ...]] = {
    ("en", "grievance"): _GRIEVANCE_EN, ("hi", "grievance"): _GRIEVANCE_HI,
    ("hl", "grievance"): _GRIEVANCE_HL, ("en", "praise"): _PRAISE_EN,
    ("hi", "praise"): _PRAISE_HI, ("hl", "praise"): _PRAISE_HL,
    ("en", "query"): _QUERY_EN, ("hi", "query"): _QUERY_HI, ("hl", "query"): _QUERY_HL,
    ("en", "noise"): _NOISE_EN, ("hi", "noise"): _NOISE_HI, ("hl", "noise"): _NOISE_HL,
}
_REPLY = {"en": _REPLY_EN, "hi": _REPLY_HI, "hl": _REPLY_HL}
_LANG = {"en": "en", "hi": "hi", "hinglish": "hl", "mixed": "hl"}  # 'mixed' accepted as alias
_CODE = {"en": "e", "hi": "h", "hl": "l"}
_PLACES = {"en": _PLACES_EN, "hi": _PLACES_HI, "hl": _PLACES_EN}
_PLACE_TAGS = tuple(p.replace(" ", "") for p in _PLACES_EN)
_DAYS = {"en": _DAYS_EN, "hi": _DAYS_HI, "hl": _DAYS_EN}
_HANDLE_SKIP = frozenset((
    "uttarakhand", "department", "dept", "of", "and", "the", "govt", "government", "state",
    "ltd", "limited", "corporation", "directorate",
))


# -------------------------------------------------------------------------- department profile
@dataclass(frozen=True, slots=True)
class _Profile:
    """What one department contributes to its texts; built once per department and cached."""

    domains: tuple[dict[str, tuple[str, ...]], ...]
    handle: str
    tags: tuple[str, ...]
    kw_en: tuple[str, ...]  # keywords safe for English/Hinglish text (no Devanagari)
    name_en: str
    name_hi: str


_PROFILES: dict[tuple[str, str, tuple[str, ...]], _Profile] = {}


def _has_deva(s: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in s)


def _build_profile(name_en: str, name_hi: str, keywords: tuple[str, ...]) -> _Profile:
    """Infer domains and a plausible handle; regex is fine here because it runs once per dept."""
    text = " ".join((name_en, name_hi, *keywords)).lower()
    scores: dict[str, int] = {}
    for key, dom in _DOMAINS.items():
        hits = 0
        for trig in dom["t"]:
            if _has_deva(trig):
                hits += trig in text
            else:
                hits += re.search(rf"\b{re.escape(trig)}\b", text) is not None
        if hits:
            scores[key] = hits
    best = max(scores.values(), default=0)
    keys = [k for k, v in scores.items() if v == best] or ["general"]
    words = re.findall(r"[A-Za-z]+", name_en)
    core = "".join(w.capitalize() for w in words if w.lower() not in _HANDLE_SKIP)
    if core and len(core) <= 13:
        handle = "@UK" + core
    else:
        initials = "".join(w[0].upper() for w in words if w.lower() not in {"of", "and", "the"})
        handle = "@" + (initials or "UKGov")
    # Hashtags keep the keyword's own script; only separators go (\w would eat Hindi matras).
    parts = (re.split(r"[\s\-_.,/&()'#]+", k) for k in keywords)
    tags = ["".join(w[:1].upper() + w[1:] for w in ws) for ws in parts]
    tags = [t for t in tags if t] + ["Uttarakhand"]
    kw_en = tuple(k for k in keywords if k and not _has_deva(k)) or (name_en or "this service",)
    return _Profile(tuple(_DOMAINS[k] for k in keys), handle, tuple(tags), kw_en,
                    name_en, name_hi or name_en)


def _profile(name_en: str, name_hi: str, keywords: list[str] | tuple[str, ...]) -> _Profile:
    key = (name_en, name_hi, tuple(keywords))
    prof = _PROFILES.get(key)
    if prof is None:
        prof = _PROFILES[key] = _build_profile(*key)
    return prof


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _slots(
    r: list[int], prof: _Profile, dom: dict[str, tuple[str, ...]], lang: str
) -> dict[str, object]:
    """All slot values for one call in one language; indices come from the shared draw ``r`` so
    that the Hindi and English halves of a mixed post talk about the same place/scheme/date."""
    c = _CODE[lang]
    hi = lang == "hi"
    places = _PLACES[lang]
    p = r[2] % len(places)
    issue, fix, ask = dom["i" + c], dom["f" + c], dom["a" + c]
    schemes, advs = dom["sh" if hi else "se"], dom["dh" if hi else "de"]
    s, a = r[8] % len(schemes), r[9] % len(advs)
    m, d = r[10] % 12, 1 + r[11] % 28
    helpline = dom["help"][0] if r[12] % 4 else "1905"
    elig, docs = (_ELIG_HI, _DOCS_HI) if hi else (_ELIG_EN, _DOCS_EN)
    fest, dig = (_FEST_HI, _DIG_HI) if hi else (_FEST_EN, _DIG_EN)
    event, fac = (_EVENT_HI, _FACILITY_HI) if hi else (_EVENT_EN, _FACILITY_EN)
    el = elig[r[17] % len(elig)]
    return {
        "place": places[p], "place_tag": _PLACE_TAGS[p], "ward": 1 + r[3] % 60,
        "n": 2 + r[4] % 8, "k": 4 + r[5] % 6, "h": 2 + r[6] % 22,
        "day": _DAYS[lang][r[7] % 7], "handle": prof.handle,
        "dept": prof.name_hi if hi else prof.name_en,
        "issue": (i := issue[r[13] % len(issue)]), "Issue": _cap(i),
        "fix": (f := fix[r[14] % len(fix)]), "Fix": _cap(f),
        "ask": (q := ask[r[15] % len(ask)]), "Ask": _cap(q),
        "sch": schemes[s], "adv": advs[a], "Adv": _cap(advs[a]), "elig": el, "Elig": _cap(el),
        "docs": docs[r[18] % len(docs)], "help": helpline,
        "date": f"{d} {(_MONTHS_HI if hi else _MONTHS_EN)[m]}",
        "url": f"https://{dom['host'][0]}{_URL_PATHS[r[16] % len(_URL_PATHS)]}",
        "phone": f"0135-2{r[19] % 1_000_000:06d}", "docket": f"UK25{r[20] % 1_000_000:06d}",
        "ref": dom["r"][("en", "hi", "hl").index(lang)],
        "tag": prof.tags[r[21] % len(prof.tags)], "kw": prof.kw_en[r[22] % len(prof.kw_en)],
        "fest": fest[r[23] % len(fest)], "dig": dig[r[5] % len(dig)],
        "event": event[r[6] % len(event)], "facility": fac[r[3] % len(fac)],
        "h1": 9 + r[7] % 2, "h2": 4 + r[12] % 4,
    }


def _draw(rng: Generator) -> list[int]:
    """One vectorised draw per call: cheap, and the only place randomness enters."""
    return rng.integers(0, 1 << 30, size=_NDRAW).tolist()


# ------------------------------------------------------------------------------------ public API
def department_post(rng: Generator, name_en: str, name_hi: str, keywords: list[str],
                    language: str, informative: bool) -> str:
    """A post by the department's official account.

    ``informative=True`` gives service information (scheme + eligibility, deadline, helpline,
    official ``https://...uk.gov.in`` link, advisory), the content the ranking rewards;
    ``informative=False`` gives greetings, festival wishes and ceremonial photo-ops, the
    content it should not.  ``language`` is one of :data:`LANGUAGES`; ``'mixed'`` puts a Hindi
    and an English sentence about the same thing in one post, as departments often do.
    """
    if language not in _LANG:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    prof = _profile(name_en, name_hi, keywords)
    r = _draw(rng)
    dom = prof.domains[r[0] % len(prof.domains)]
    pools = (_POST_INFO_EN, _POST_INFO_HI) if informative else (_POST_PLAIN_EN, _POST_PLAIN_HI)
    if language == "en":
        return pools[0][r[1] % len(pools[0])].format_map(_slots(r, prof, dom, "en"))
    hi_text = pools[1][r[1] % len(pools[1])].format_map(_slots(r, prof, dom, "hi"))
    if language == "hi":
        return hi_text
    en_text = pools[0][r[17] % len(pools[0])].format_map(_slots(r, prof, dom, "en"))
    return f"{hi_text}\n{en_text}" if r[18] % 3 else f"{en_text}\n{hi_text}"


def citizen_message(rng: Generator, name_en: str, name_hi: str, keywords: list[str],
                    language: str, kind: str) -> str:
    """A citizen's mention of, or comment to, the department.

    ``kind`` is one of :data:`CITIZEN_KINDS`: grievances are the civic complaints whose
    handling the ranking measures; praise, queries and noise (greetings, spam, chit-chat) are the
    other traffic a department must sift.  ``language`` is one of :data:`CITIZEN_LANGUAGES`
    (``'mixed'`` is accepted as Hinglish).  Places are real Uttarakhand towns, people are not.
    """
    lang = _LANG.get(language)
    if lang is None:
        raise ValueError(f"language must be one of {CITIZEN_LANGUAGES}, got {language!r}")
    pool = _CITIZEN.get((lang, kind))
    if pool is None:
        raise ValueError(f"kind must be one of {CITIZEN_KINDS}, got {kind!r}")
    prof = _profile(name_en, name_hi, keywords)
    r = _draw(rng)
    dom = prof.domains[r[0] % len(prof.domains)]
    return pool[r[1] % len(pool)].format_map(_slots(r, prof, dom, lang))


def department_reply(rng: Generator, name_en: str, name_hi: str, language: str) -> str:
    """The department's reply to a citizen: acknowledgement, a request for the consumer/ticket
    number, 'team dispatched', a docket number (``UK`` + 8 digits, never phone-shaped) or
    'resolved, please confirm', so response quality can be scored.  ``language`` is one of
    :data:`CITIZEN_LANGUAGES`."""
    lang = _LANG.get(language)
    if lang is None:
        raise ValueError(f"language must be one of {CITIZEN_LANGUAGES}, got {language!r}")
    prof = _profile(name_en, name_hi, ())
    r = _draw(rng)
    dom = prof.domains[r[0] % len(prof.domains)]
    pool = _REPLY[lang]
    return pool[r[1] % len(pool)].format_map(_slots(r, prof, dom, lang))
