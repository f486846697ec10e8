"""Curated word lists for telling romanised Hindi (Hinglish) from English.

Offline language detectors are trained on native scripts and label romanised Hindi as English,
Indonesian or Somali, so the desk uses a transparent lexicon instead: anyone can read why a post
was called Hinglish and add a missing spelling here. Each entry maps a canonical romanisation to
the spellings citizens actually type; the detector uses every spelling as evidence and
:func:`sushasan.language.normalise.normalise_roman` maps them back to the canonical form.

Tokens that are also ordinary English words ("me", "main", "to", "or", "the", "is" ...) are kept
out of the strong lists and given small two-sided weights in :data:`AMBIGUOUS`, so a single one
never decides a post.
"""

from __future__ import annotations

import re

__all__ = [
    "AMBIGUOUS",
    "ENGLISH_WORDS",
    "HINGLISH_VARIANTS",
    "HINGLISH_WORDS",
    "ROMAN_CANONICAL",
    "SPELLING_EXCEPTIONS",
]

# canonical -> variants typed by citizens (the canonical form is itself a member).
HINGLISH_VARIANTS: dict[str, tuple[str, ...]] = {
    # copula, auxiliaries, tense markers
    "hai": ("hai", "hei", "hae", "haii", "h", "he", "hay"),
    "mein": ("mein", "me", "mei", "mey"),
    "hain": ("hain", "hein", "hen"),
    "tha": ("tha", "thaa"),
    "thi": ("thi", "thee"),
    "thin": ("thin", "thii"),
    "ho": ("ho", "hoo"),
    "hoga": ("hoga", "hoega", "hogaa"),
    "hogi": ("hogi", "hoegi"),
    "honge": ("honge", "hoenge"),
    "hota": ("hota", "hotaa"),
    "hoti": ("hoti", "hotee"),
    "hote": ("hote",),
    "hua": ("hua", "huwa", "hwa"),
    "hui": ("hui", "huyi", "huee"),
    "hue": ("hue", "huye"),
    "hona": ("hona", "honaa"),
    "hone": ("hone",),
    "raha": ("raha", "rha", "rahaa"),
    "rahi": ("rahi", "rhi", "rahee"),
    "rahe": ("rahe", "rhe"),
    "rahta": ("rahta", "rehta"),
    "rahti": ("rahti", "rehti"),
    "rahte": ("rahte", "rehte"),
    "gaya": ("gaya", "gya", "gaye", "gye", "gayi", "gyi", "gai", "gayaa"),
    "chuka": ("chuka", "chuki", "chuke"),
    "sakta": ("sakta", "sakti", "sakte", "sakat"),
    "wala": ("wala", "wale", "wali", "waala", "waale", "waali", "vala", "vale", "vali"),
    "jata": ("jata", "jaata", "jati", "jaati", "jate", "jaate"),
    "diya": ("diya", "dia", "diye", "di"),
    "liya": ("liya", "lia", "liye", "lie"),
    "kiya": ("kiya", "kia", "kiye", "kie", "kari", "kiyaa"),
    "mila": ("mila", "mili", "mile", "milaa"),
    "laga": ("laga", "lagi", "lage", "lagta", "lagti"),
    "aaya": ("aaya", "aya", "aayi", "ayi", "aai", "aaye", "aye"),
    # negation, question words, particles
    "nahi": ("nahi", "nahin", "nhi", "nai", "nahee", "nahii", "nahiin", "nhin", "ni", "nhai"),
    "mat": ("mat",),
    "na": ("naa",),
    "kya": ("kya", "kyaa", "kia", "kyá"),
    "kyun": ("kyun", "kyu", "kyon", "kyo", "kiu", "kyunki", "kyuki", "kyoki", "kyonki", "kuki"),
    "kab": ("kab", "kabb"),
    "kahan": ("kahan", "kaha", "kahaan"),
    "kaise": ("kaise", "kese", "kaisi", "kaisa", "kaese", "kse"),
    "kaun": ("kaun", "kon", "koun"),
    "kitna": ("kitna", "kitni", "kitne", "ktna"),
    "kaunsa": ("kaunsa", "konsa", "konsi"),
    "bhi": ("bhi", "bhee", "b"),
    "hi": ("hee",),
    "toh": ("toh", "tho", "to"),
    "bas": ("bas", "bass"),
    "ki": ("ki", "kii"),
    "ka": ("ka", "kaa"),
    "ke": ("ke", "kay"),
    "ko": ("ko", "koo"),
    "se": ("se", "sey", "say"),
    "ne": ("ne",),
    "pe": ("pe", "pr", "upar", "uppar"),
    "aur": ("aur", "aor", "orr", "or"),
    "ya": ("ya", "yaa"),
    "lekin": ("lekin", "lkn", "lakin"),
    "magar": ("magar",),
    "phir": ("phir", "fhir", "phr"),
    "abhi": ("abhi", "abi", "abhee"),
    "kabhi": ("kabhi", "kbhi", "kabi"),
    "sirf": ("sirf", "srf"),
    "bahut": ("bahut", "bohot", "bahot", "bhut", "bohat", "bhot"),
    "zyada": ("zyada", "jyada", "jada", "jyaada", "ziada"),
    "thoda": ("thoda", "thodi", "thode"),
    "sab": ("sabhi", "sabko", "sabka", "sabke"),
    "koi": ("koi", "koii"),
    "kuch": ("kuch", "kuchh", "kch", "kuchch"),
    "agar": ("agar", "agr"),
    "jab": ("jab", "jb"),
    "tab": ("tb",),
    "jaise": ("jaise", "jese"),
    "waise": ("waise", "vaise"),
    "aise": ("aise", "ese", "aisa", "aisi"),
    "ab": ("ab", "abb"),
    "yahan": ("yahan", "yaha", "idhar", "yhan"),
    "wahan": ("wahan", "waha", "udhar", "vahan"),
    "andar": ("andar",),
    "bahar": ("bahar", "baahar"),
    "saath": ("saath", "sath"),
    "baad": ("baad"),
    "pehle": ("pehle", "pahle", "phle", "pehele"),
    "tak": ("tak", "tk"),
    "liye": ("liye", "liyee"),
    "wajah": ("wajah", "wajh"),
    "bilkul": ("bilkul",),
    "shayad": ("shayad",),
    "zaroor": ("zaroor", "jaroor", "zarur", "jarur"),
    "jaldi": ("jaldi", "jldi", "jaldii"),
    "turant": ("turant", "turnt"),
    "kal": ("kal", "kl"),
    "aaj": ("aaj", "aj"),
    "parso": ("parso", "parson"),
    "roz": ("roz", "roj", "rozana", "rojana"),
    "hamesha": ("hamesha", "humesha"),
    "dobara": ("dobara", "dubara"),
    "sabse": ("sabse",),
    "haan": ("haan", "han", "ha"),
    "ji": ("jii",),
    "arre": ("arre", "arey"),
    "yaar": ("yaar", "yar"),
    "jai": ("jai", "jaihind"),
    "bhai": ("bhai", "bhaiya", "bhaiyya", "bhaisaab"),
    "kripya": ("kripya", "kripaya", "krpya", "kirpya"),
    "dhanyawad": ("dhanyawad", "dhanyavad", "dhanyvad", "dhanyawaad"),
    "shukriya": ("shukriya", "sukriya"),
    "namaste": ("namaste", "namaskar", "pranam"),
    "sahab": ("sahab", "saab", "sahib", "saheb", "sahb"),
    "mahoday": ("mahoday", "mahodaya"),
    "ji_": ("sirji"),
    # pronouns and possessives
    "main_": ("mai", "mujhe", "mujhko", "mujh", "muje"),
    "mera": ("mera", "meri", "mere", "mra", "mri"),
    "hum": ("hum", "hm", "humne", "hamne"),
    "hamara": ("hamara", "hamari", "hamare", "humara", "humari", "humare", "hmara", "hmare"),
    "humein": ("humein", "hume", "hamein", "hame", "humko", "hamko"),
    "aap": (
        "aap", "ap", "aapka", "aapki", "aapke", "apka", "apki", "apke", "aapko", "apko", "aapne",
        "apne", "apna", "apni"
    ),
    "tum": ("tum", "tumhara", "tumhe", "tumko"),
    "tu": ("tera", "teri", "tere", "tujhe"),
    "yeh": ("yeh", "ye", "yah"),
    "woh": ("woh", "wo", "vo", "voh", "wah"),
    "iska": ("iska", "iski", "iske", "isko", "isme", "ismein", "isse", "isliye", "islie"),
    "uska": (
        "uska", "uski", "uske", "usko", "usme", "usne", "unka", "unki", "unke", "unko",
        "unhe", "unhone", "inka", "inki", "inke", "inko", "inhe"
    ),
    "kisi": ("kisi", "kisko", "kiska", "kiski", "kise"),
    "jo": ("jo", "jis", "jiska", "jiski", "jinke", "jinka", "jisme"),
    "khud": ("khud", "khudh"),
    # verbs (imperatives, infinitives, common forms)
    "karo": (
        "karo", "kro", "karein", "kare", "karen", "kijiye", "kijie", "kijiyega", "karna", "krna",
        "karne", "krne", "karta", "karti", "karte", "krte", "krta", "kar", "kr", "karenge",
        "karega", "karegi", "karvaye", "karwaye", "karvaiye", "karwaiye", "karwa", "karva",
        "karwayen", "karaye", "karaiye", "karayein", "karwao", "karao"
    ),
    "do_": (
        "dijiye", "dijie", "dena", "dene", "deta", "deti", "dete", "denge", "dega", "degi", "de",
        "dein", "dilwaye", "dilaiye", "dilwa"
    ),
    "lo": ("lijiye", "lena", "lene", "leta", "leti", "lete", "lenge", "lega", "legi", "lo"),
    "jao": (
        "jao", "jana", "jaana", "jane", "jaane", "jayega", "jaega", "jayegi", "jaegi", "jayenge",
        "jaenge", "jaye", "jaaye", "jaiye", "chale", "chala", "chali", "chalo", "chalta", "chalti",
        "chalte", "chalna"
    ),
    "aao": (
        "aao", "aana", "aane", "aata", "aati", "aate", "ata", "ati", "aayega", "ayega",
        "aayegi", "ayegi", "aayenge", "ayenge", "aaiye"
    ),
    "dekho": (
        "dekho", "dekhiye", "dekhna", "dekhne", "dekha", "dekhi", "dekhe", "dekhta", "dekhte",
        "dekhkar", "dikhta", "dikhai"
    ),
    "suno": ("suno", "suniye", "sunna", "sunne", "suna", "suni", "sunta", "sunte", "sunti"),
    "bolo": (
        "bolo", "boliye", "bolna", "bolne", "bola", "boli", "bolte", "bolta", "bolti", "kehna",
        "kehte", "kehta", "kahte", "kahta", "batao", "bataiye", "batana", "batane",
        "bataya", "batayi", "bataye", "batate"
    ),
    "milna": ("milna", "milne", "milta", "milti", "milte", "milega", "milegi", "milenge"),
    "rukna": (
        "ruka", "ruki", "ruke", "rukna", "rukta", "rukti", "ruko", "rok", "roko", "rokna", "rokne"
    ),
    "sakna": ("sako", "sakein", "saken", "sakenge", "sakega", "sakegi"),
    "chahiye": (
        "chahiye", "chaiye", "chahie", "chahte", "chahta", "chahti", "chaahiye", "chahiyee"
    ),
    "padta": (
        "padta", "padti", "padte", "pada", "padi", "pade", "padega", "padegi", "padenge", "parta",
        "parti", "parte", "pdta", "pdti"
    ),
    "lagna": (
        "lagna", "lagne", "lagega", "lagegi", "lagenge", "lagwa", "lagwaye", "lagwaiye", "lagaiye",
        "lagaye", "lagao"
    ),
    "baithna": ("baitha", "baithe", "baithi", "baithna", "baith"),
    "sona": ("sote", "soye", "soya"),
    "khana": ("khana", "khaana", "khane", "khata", "khate"),
    "peena": ("peena", "pina", "peene", "pine", "pita", "peete"),
    "bhejo": ("bhejo", "bhejiye", "bhejna", "bheja", "bheji", "bheje", "bhejenge"),
    "uthao": ("uthao", "uthaiye", "uthana", "uthaya", "uthate", "uthata", "uthti", "uthta"),
    "sudhar": ("sudhar", "sudharo", "sudhariye", "sudhara", "sudhre", "sudhrega"),
    "bana": (
        "banao", "banaiye", "banaya", "banayi", "banaye", "banwa", "banwaiye", "banwaye", "banega",
        "banegi", "banenge", "bani", "bane"
    ),
    "toota": (
        "toota", "tuta", "tooti", "tuti", "toote", "tute", "tut", "toot", "phoota", "futa", "phuta",
        "phooti", "phuti", "fati"
    ),
    "bhar": ("bhara", "bhari", "bhare", "bharaa"),
    "beh": ("beh", "beha", "behta", "behti"),
    "ghoom": ("ghoomne", "ghumne", "ghuma", "ghume"),
    "pahunch": ("pahunch", "pahuch", "pahunche", "pahuche", "pahunchi", "pahucha", "pohoch"),
    "maang": ("maang", "mang", "maangte", "mangte", "maangta", "maange"),
    "ruk": ("ruk",),
    "mar": ("mare", "mara", "maar", "maara", "marenge"),
    "samajh": ("samajh", "samjh", "samjho", "samjhe", "samjha", "samajhte"),
    "sochna": ("socha", "sochte", "soch", "sochiye"),
    "intezaar": ("intezaar", "intzaar", "intezar", "intjar", "intazar"),
    "pareshan": (
        "pareshan", "pareshaan", "presan", "preshan", "pareshani", "pareshaani", "preshani",
        "dikkat", "dikkaten", "dikkate", "takleef", "taklif", "musibat", "mushkil", "dikat"
    ),
    # adjectives, nouns, civic vocabulary
    "theek": ("theek", "thik", "thiik", "theekk", "tik"),
    "accha": ("accha", "acha", "achha", "achchha", "acchi", "achi", "achhi", "acche", "ache"),
    "bura": ("bura", "buri", "bure"),
    "kharab": ("kharab", "kharaab", "khrab", "kharap"),
    "ganda": ("ganda", "gandi", "gande", "gandagi", "gandgi"),
    "saaf": ("saaf", "saf", "safai", "safaai", "saaf-safai"),
    "naya": ("naya", "nayi", "naye"),
    "purana": ("purana", "purani", "purane"),
    "bada": ("bada", "badi", "bade", "bda", "bdi"),
    "chhota": ("chhota", "chota", "choti", "chhoti", "chote", "chhote"),
    "lamba": ("lamba", "lambi", "lambe"),
    "poora": ("poora", "pura", "poori", "puri", "poore"),
    "sahi": ("sahi", "shi"),
    "galat": ("galat", "glt"),
    "khatra": ("khatra", "khatarnak", "khatarnaak", "khatre"),
    "bijli": ("bijli", "bijlee", "bijili", "bizli", "bijly"),
    "paani": ("paani", "pani", "paanee", "panee"),
    "sadak": ("sadak", "sadke", "sadkon", "sadako", "sarak", "sadakein"),
    "gaddha": ("gaddha", "gaddhe", "gadda", "gadde", "gaddho", "gaddhon", "khadda", "khadde"),
    "nali": ("nali", "naali", "naaliyan", "naliyan", "naala", "nala"),
    "kooda": ("kooda", "kuda", "kachra", "kachara", "koodaa"),
    "shikayat": ("shikayat", "shikayatein", "shikayaten", "sikayat", "shikayt", "shikaayat"),
    "sunwai": ("sunwai", "sunvai", "sunvaai", "sunwaai"),
    "karyawahi": ("karyawahi", "karyavahi", "karwai", "karvai", "karwahi", "karyavaahi"),
    "sarkar": ("sarkar", "sarkaar", "sarkari", "sarkaari"),
    "vibhag": ("vibhag", "vibhaag", "mahakma"),
    "adhikari": ("adhikari", "adhikaari", "afsar", "afsaro", "adhikariyon", "karmachari"),
    "neta": ("netaon", "netaji", "vidhayak", "sarpanch", "parshad"),
    "gaon": ("gaon", "gaanv", "gaav", "gao", "gawn", "mohalla", "mohalle", "basti", "kasba"),
    "shahar": ("shahar", "shehar", "sheher", "nagar"),
    "ghar": ("ghar", "gharon", "ghr", "makaan", "makan"),
    "log": ("logon", "logo", "logg"),
    "bachche": ("bachche", "bacche", "bache", "bachon", "bacchon", "baccho", "bachcha", "baccha"),
    "mahila": ("mahila", "mahilaon", "auraton", "aurat"),
    "buzurg": ("buzurg", "bujurg", "budhe", "buddhe"),
    "mareez": ("mareez", "mariz", "marij", "mareej", "bimar", "beemar"),
    "daakter": ("daktar", "doctoron"),
    "dawai": ("dawai", "davai", "dawa", "dawaiyan"),
    "ilaaj": ("ilaaj", "ilaj", "ilaz"),
    "aspatal": ("aspatal", "asptal", "haspatal", "dawakhana"),
    "thana": ("thane", "chauki", "daroga", "sipahi"),
    "chor": ("chor", "chori", "choron", "luta", "loot", "lut"),
    "jhagda": ("jhagda", "jhagra", "maarpeet", "marpit"),
    "gaadi": ("gaadi", "gadi", "gaadiyan", "gadiyan", "gaadiyon"),
    "kiraya": ("kiraya", "kiraaya", "bhaada", "bhada"),
    "rasta": ("rasta", "raasta", "raste", "raaste", "marg"),
    "pul": ("pulia", "puliya"),
    "baarish": ("baarish", "barish", "barsaat", "barsat", "varsha"),
    "pahad": ("pahad", "pahaad", "pahadi", "pahaadi", "pahado", "pahadon"),
    "malba": ("malba", "malbe", "malwa"),
    "bhooskhalan": ("bhooskhalan", "bhuskhalan", "bhusakhalan"),
    "baadh": ("baadh", "badh"),
    "aag": ("aag", "aagg", "davanal", "daavanal"),
    "jungle": ("jangal", "jungal", "jangalon"),
    "jaanwar": (
        "jaanwar", "janwar", "janvar", "guldar", "bagh", "bhalu", "haathi", "hathi", "bandar",
        "bandaron"
    ),
    "kheti": ("kheti", "khet", "fasal", "kisano"),
    "mandir": ("mandiron", "yatriyon", "shraddhalu"),
    "naukri": ("naukri", "naukari", "rozgar", "rojgar", "berozgar", "berojgar"),
    "paisa": ("paisa", "paise", "paison", "rupaye", "rupay", "rishwat", "ghoos", "ghus"),
    "din": (
        "dino", "dinon", "mahine", "mahina", "mahino", "saal", "saalon", "salon", "ghante",
        "ghanta", "ghanton", "hafte", "hafta", "hafton"
    ),
    "subah": ("subah", "subha", "shaam", "sham", "raat", "dopahar", "dophar"),
    "samay": ("samay", "samy", "waqt", "vakt", "der", "deri"),
    "kaam": ("kaam", "kaamkaaj"),
    "baat": ("baat", "baatein", "baaten"),
    "jaankari": ("jaankari", "jankari", "soochna", "suchna"),
    "madad": ("madad", "madat", "sahayata", "sahayta"),
    "zimmedar": ("zimmedar", "jimmedar", "zimmedari", "jimmedari", "jimmedaar"),
    "bekar": ("bekar", "bekaar", "faltu", "bakwas", "bakwaas"),
    "behal": ("behal", "badhaal", "bedhaal"),
    "halat": ("halat", "haalat", "haal"),
    "suvidha": ("suvidha", "suvidhaen", "sewa", "seva"),
    "dhanya": ("badhai", "shabash", "saraahniya", "sarahniya", "prashansa"),
    "kripa": ("kripa", "meharbani"),
    "nivedan": ("nivedan", "anurodh", "prarthna", "vinti", "guzarish", "gujarish"),
    # counting, time, place and everyday civic words
    "ek": ("ek", "ekk"),
    "teen": ("teen"),
    "chaar": ("chaar",),
    "paanch": ("paanch", "panch"),
    "hazaar": ("hazaar", "hazar", "hajar"),
    "baar": ("baar", "baar-baar", "dafa"),
    "bina": ("bina"),
    "saamne": ("saamne", "samne"),
    "peeche": ("peeche", "piche", "peechhe"),
    "neeche": ("neeche"),
    "beech": ("beech", "bich"),
    "wapas": ("wapas", "vapas", "wapis", "vapis"),
    "garmi": ("garmi", "thand", "thandi", "dhoop", "kohra"),
    "sharam": ("sharam", "besharam"),
    "insaaf": ("insaaf", "insaf", "nyay", "nyaay"),
    "khada": ("khada", "khade", "khadi", "khadey"),
    "khatam": ("khatam", "khatm", "khtm"),
    "shuru": ("shuru", "suru", "chalu", "chaalu"),
    "lagataar": ("lagataar", "lagatar", "lagaatar"),
    "kaafi": ("kaafi", "kafi"),
    "zara": ("zara", "jara"),
    "sach": ("sach", "sachchi", "jhooth", "jhoot", "jhuth"),
    "matlab": ("matlab", "matlb", "yaani", "yani"),
    "dhyan": ("dhyan", "dhyaan", "dhyn"),
    "vyavastha": ("vyavastha", "vyavstha", "vyawastha", "intezaam", "intjaam", "intazaam"),
    "prashasan": ("prashasan", "prashaasan", "prasashan", "prshasan"),
    "aabhar": ("aabhar", "abhar", "aabhaar"),
    "jaanch": ("jaanch", "janch", "jaach", "jach"),
    "samadhan": ("samadhan", "samaadhan", "samasya", "samasyaen", "samasyao"),
    "suraksha": ("suraksha", "surakshit", "asurakshit"),
    "durghatna": ("durghatna", "haadsa", "hadsa", "haadse"),
    "muavza": ("muavza", "muavaza", "muaavza", "mubavja", "muawza"),
    "mukhyamantri": ("mukhyamantri", "mantri", "mantriji"),
    "jila": ("jila", "zila", "jiladhikari", "zilaadhikari", "zile"),
    "yojana": ("yojana", "yojna", "labh", "laabh"),
    "bhrashtachar": ("bhrashtachar", "bhrastachar", "ghotala", "ghotale"),
    "nirman": ("nirman", "nirmaan", "marammat", "mrammat", "marmmat"),
    "khaali": ("khaali", "khali"),
    "bheed": ("bheed", "bhid", "bheer"),
    "dukaan": ("dukaan", "dukan", "dukane"),
    "zameen": ("zameen", "jameen", "zamin", "jamin"),
    "kabza": ("kabza", "kabja"),
    "parivaar": ("parivaar", "parivar", "pariwar", "pariwaar"),
    "ladki": ("ladki", "ladka", "ladkiyon", "ladko", "ladkon", "ladkiyan", "ladke"),
    "aadmi": ("aadmi", "admi", "insaan", "insan"),
    "padhai": ("padhai", "padhayi", "padhna", "padhne", "padhte"),
    "bolna": ("bol", "bolke", "bolkar", "keh", "kehke"),
    "dard": ("dard", "dukh", "dukhi"),
    "turant_": ("jald", "shighra", "sheeghra"),
    "bilkul_": ("ekdum", "bilkull"),
    "kyunki_": ("isiliye", "isilie", "warna", "varna", "taaki", "taki"),
}

# Also English words (or too short to trust): (hinglish weight, english weight).
AMBIGUOUS: dict[str, tuple[float, float]] = {
    "me": (0.5, 0.3), "mein": (1.0, 0.0), "main": (0.4, 0.3), "to": (0.3, 0.5), "or": (0.3, 0.4),
    "the": (0.15, 0.8), "is": (0.15, 0.8), "us": (0.15, 0.5), "par": (0.5, 0.1), "do": (0.3, 0.4),
    "are": (0.1, 0.7), "band": (0.5, 0.1), "hi": (0.4, 0.2), "he": (0.4, 0.3), "so": (0.2, 0.5),
    "a": (0.05, 0.5), "age": (0.3, 0.2), "aage": (1.0, 0.0), "pass": (0.3, 0.2),
    "paas": (1.0, 0.0), "log": (0.5, 0.1), "ban": (0.3, 0.2), "din": (0.6, 0.1),
    "sab": (0.8, 0.0), "tab": (0.5, 0.1), "ji": (0.6, 0.0), "kam": (0.6, 0.0), "hal": (0.4, 0.0),
    "use": (0.1, 0.6), "ate": (0.2, 0.3), "bat": (0.3, 0.2), "bad": (0.2, 0.5), "pure": (0.2, 0.3),
    "kaha": (1.0, 0.0), "aa": (0.6, 0.0), "na": (0.5, 0.1), "hoo": (0.3, 0.0), "mai": (0.7, 0.0),
    "pul": (0.8, 0.0), "jungle": (0.3, 0.3), "lie": (0.3, 0.3), "man": (0.2, 0.4),
    "sir": (0.1, 0.1), "please": (0.1, 0.3), "plz": (0.1, 0.1), "pls": (0.1, 0.1),
    "kar": (1.0, 0.0), "hum": (0.9, 0.0), "nai": (0.7, 0.0), "ye": (0.8, 0.0), "ho": (0.8, 0.0),
    "hae": (0.6, 0.0), "ha": (0.5, 0.0), "han": (0.5, 0.0), "kia": (0.8, 0.0), "dam": (0.1, 0.1),
    "bhara": (0.8, 0.0), "ap": (0.8, 0.0), "mar": (0.3, 0.1), "sham": (0.4, 0.1),
    "rahi": (1.0, 0.0), "rahe": (1.0, 0.0), "mile": (0.3, 0.3), "lage": (0.6, 0.1),
    "b": (0.3, 0.0), "h": (0.5, 0.0), "di": (0.4, 0.0), "de": (0.5, 0.1), "ni": (0.6, 0.0),
    "kal": (0.9, 0.0), "saal": (1.0, 0.0), "sath": (1.0, 0.0), "nagar": (0.2, 0.0),
    "say": (0.1, 0.4), "kay": (0.2, 0.0), "pr": (0.4, 0.1), "fir": (0.3, 0.2),
    # Hindi words that English posts about Uttarakhand use as names for things.
    "dham": (0.3, 0.0), "yatra": (0.3, 0.0), "darshan": (0.3, 0.0), "yatri": (0.3, 0.0),
    "mandir": (0.3, 0.0), "guldar": (0.3, 0.0), "kisan": (0.3, 0.0), "pradhan": (0.3, 0.0),
    "chowki": (0.3, 0.0), "kotwali": (0.3, 0.0), "thana": (0.3, 0.0), "neta": (0.3, 0.0),
}

# English words that romanised Hindi rarely uses; function words weigh most.
ENGLISH_WORDS: dict[str, float] = {
    **dict.fromkeys((
        "an", "was", "were", "been", "being", "am", "of", "and", "for", "with", "this", "that",
        "these", "those", "not", "has", "have", "had", "will", "would", "shall", "should", "can",
        "could", "may", "might", "must", "it", "its", "it's", "they", "them", "their", "there",
        "here", "we", "our", "you", "your", "i", "my", "she", "his", "her", "what", "when",
        "where", "why", "how", "who", "which", "from", "by", "at", "on", "in", "into", "about",
        "since", "till", "until", "after", "before", "because", "but", "if", "then", "than",
        "also", "very", "too", "still", "even", "only", "just", "all", "any", "some", "every",
        "no", "yet", "does", "did", "done", "doing", "don't", "doesn't", "isn't", "aren't",
        "wasn't", "can't", "cannot", "won't", "didn't", "haven't", "hasn't", "is", "are", "be",
        "kindly", "thank", "thanks", "thankyou", "despite", "without", "within", "through",
        "during", "over", "under", "again", "every", "each", "both", "nobody", "nothing",
        "anyone", "someone", "everyone", "please", "whole", "while", "near", "due", "per",
        "whom", "whose", "our", "ours", "us", "let", "out", "up", "off", "down",
    ), 1.0),
    **dict.fromkeys((
        "get", "got", "going", "gone", "take", "taken", "make", "made", "need", "needs",
        "needed", "help", "want", "wanted", "know", "come", "came", "give", "given", "tell",
        "told", "said", "says", "see", "seen", "look", "looking", "working", "work", "works",
        "days", "day", "weeks", "week", "months", "month", "hours", "hour", "today", "yesterday",
        "tomorrow", "night", "morning", "evening", "people", "children", "residents", "area",
        "village", "city", "town", "street", "house", "home", "again", "many", "much", "more",
        "most", "other", "same", "such", "good", "great", "poor", "worst", "best", "new", "old",
        "long", "broken", "damaged", "blocked", "closed", "open", "stopped", "started", "water",
        "supply", "power", "cut", "cuts", "outage", "electricity", "roads", "pothole",
        "potholes", "garbage", "drain", "drains", "hospital", "doctor", "doctors", "staff",
        "patients", "bus", "buses", "driver", "conductor", "ticket", "fare", "police",
        "station", "officer", "officers", "department", "request", "requested", "complaint",
        "complaints", "complained", "action", "taken", "urgent", "urgently", "immediately",
        "attention", "issue", "issues", "problem", "problems", "service", "services",
        "thanks", "appreciate", "appreciated", "excellent", "quick", "quickly", "response",
        "responded", "restored", "repair", "repaired", "fixed", "fix", "visit", "visited",
        "tourists", "pilgrims", "temple", "forest", "fire", "fires", "rain", "rains", "flood",
        "landslide", "stuck", "stranded", "rescue", "rescued", "team", "is", "any", "update",
        "status", "registered", "number", "still", "pending", "nobody", "anyone", "answer",
        "answered", "phone", "calls", "called", "late", "delay", "delayed", "waiting",
        "there's", "we're", "i'm", "they're", "you're", "lot", "really", "never", "always",
        "every", "because", "around", "near", "between", "through", "across", "along",
        "overflowing", "leaking", "flooded", "dark", "unsafe", "dangerous", "safety",
    ), 0.6),
}

# Spellings the skeleton rule below cannot see are the same word.
SPELLING_EXCEPTIONS: dict[str, str] = {
    "h": "hai", "haii": "hai", "mey": "mein", "nai": "nahi", "ni": "nahi", "nhai": "nahi",
    "ye": "yeh", "wo": "woh", "vo": "woh", "to": "toh", "tho": "toh", "or": "aur", "orr": "aur",
    "saab": "sahab", "arey": "arre", "abi": "abhi", "kabi": "kabhi", "kon": "kaun",
    "lkn": "lekin", "fhir": "phir", "phle": "pehle", "kyuki": "kyunki", "kyoki": "kyunki",
    "kyonki": "kyunki", "kuki": "kyunki", "mri": "meri", "hmare": "hamare", "sey": "se",
    "bhaiyya": "bhaiya", "huwa": "hua", "hwa": "hua", "tik": "theek", "achchha": "accha",
    "kharap": "kharab", "gaanv": "gaon", "gaav": "gaon", "gawn": "gaon", "shi": "sahi",
}

_FINAL_VOWEL = {
    "a": "a", "aa": "a", "i": "i", "ee": "i", "ii": "i", "e": "e", "ai": "e", "ae": "e",
    "ei": "e", "o": "u", "u": "u", "oo": "u", "uu": "u",
}
_FINAL = re.compile(r"[aeiou]+$")


def _skeleton(word: str) -> str:
    """First letter, the consonants, and the class of the final vowel.

    Romanised spellings of one Hindi word differ in medial vowels ("nhi"/"nahi",
    "bahut"/"bohot"), vowel length ("pani"/"paani") and final nasal ("nahin"), but not in the
    final vowel, which carries gender, number and mood ("karo"/"karna", "gaya"/"gayi",
    "mera"/"meri"). Comparing skeletons therefore folds spellings without folding inflections.
    """
    for old, new in (("ph", "f"), ("w", "v"), ("z", "j"), ("sh", "s"), ("chh", "ch")):
        word = word.replace(old, new)
    if len(word) > 2 and word[-1] == "n" and word[-2] in "aeiou":
        word = word[:-1]
    if len(word) > 1 and word[-1] == "y":
        word = word[:-1] + "i"
    match = _FINAL.search(word, 1)
    final = _FINAL_VOWEL.get(match.group(), "?") if match else ""
    core = word[: match.start()] if match else word
    core = core[0] + re.sub(r"[aeiou]", "", core[1:])
    return re.sub(r"(.)\1+", r"\1", core) + final


# Ambiguous spellings ("he", "me", "to", "or") are mapped too: normalise_roman is meant for text
# the detector already called Hinglish, where they are the Hindi words.
ROMAN_CANONICAL: dict[str, str] = {
    variant: canonical.rstrip("_")
    for canonical, variants in HINGLISH_VARIANTS.items()
    for variant in variants
    if variant.isalpha() and variant.isascii()
    and _skeleton(variant) == _skeleton(canonical.rstrip("_"))
} | SPELLING_EXCEPTIONS
"""Spelling variants mapped to one canonical romanisation (``nhi`` -> ``nahi``).

Only spellings of the same word are folded, never inflections or synonyms, so ``karna`` stays
``karna`` and ``thand`` is not turned into ``garmi``.
"""

HINGLISH_WORDS: frozenset[str] = frozenset(
    variant
    for variants in HINGLISH_VARIANTS.values()
    for variant in variants
    if variant.isalpha() and variant.isascii()
) - frozenset(AMBIGUOUS)
"""Spellings that are Hindi and nothing else; each is full evidence for Hinglish."""
