"""The informative/ceremonial rule on hand-labelled posts, and its portability across engines.

The examples are written the way Uttarakhand departments post (Char Dham advisories, power
shutdowns, scholarship last dates, Ayushman camps, festival wishes, inaugurations, condolences), a
third each in Hindi, English and Hinglish. Labels say what a citizen would get from the post, not
what the rule happens to say: the posts the lexicon gets wrong are kept. EXAMPLES were written
in two rounds, the second to find what the first lexicon missed, so the lexicon has seen them;
HELD_OUT was written afterwards and not used to change it, and is the fairer estimate. People and
phone numbers are invented or are public short codes and office numbers.
"""

from __future__ import annotations

import base64
import random
import re
import shutil
import subprocess
import time
import unicodedata
from collections import Counter
from pathlib import Path

import duckdb
import ibis
import numpy as np
import pyarrow as pa
import pytest

from sushasan.analytics.content import (
    CATEGORIES,
    CEREMONIAL,
    MEDIA_KINDS,
    SERVICE_CATEGORIES,
    folded,
    informative_expr,
    is_ceremonial,
    is_informative,
    service_categories,
)

# (language, informative, expected categories or None where not pinned down exactly, text)
EXAMPLES: list[tuple[str, bool, set[str] | None, str]] = [
    # ----------------------------------------------------------------- Hindi, informative
    ("hi", True, {"advisory"},
     "चारधाम यात्रा परामर्श: भारी बारिश के कारण बद्रीनाथ राजमार्ग लामबगड़ के पास मलबा आने "
     "से बंद है। यात्री अनावश्यक यात्रा से बचें और पुलिस के निर्देशों का पालन करें।"),
    ("hi", True, {"deadline", "advisory"},
     "ऊर्जा निगम सूचना: रखरखाव कार्य के चलते 14 सितंबर को सुबह 10 से दोपहर 2 बजे तक राजपुर"
     " रोड क्षेत्र में विद्युत आपूर्ति बाधित रहेगी।"),
    ("hi", True, {"scheme", "eligibility", "deadline", "link"},
     "मुख्यमंत्री मेधावी छात्र प्रोत्साहन छात्रवृत्ति योजना हेतु ऑनलाइन आवेदन की अंतिम "
     "तिथि 30 सितंबर 2024 है। आवेदन करें: https://scholarship.uk.gov.in"),
    ("hi", True, {"scheme", "deadline"},
     "आयुष्मान कार्ड बनाने हेतु 20 अगस्त से 25 अगस्त तक सभी ग्राम पंचायतों में विशेष शिविर"
     " लगाए जाएंगे। आधार कार्ड और राशन कार्ड साथ लाएं।"),
    ("hi", True, {"helpline", "advisory"},
     "मौसम विभाग द्वारा देहरादून, टिहरी, पौड़ी, नैनीताल और चंपावत जनपदों में भारी बारिश का"
     " ऑरेंज अलर्ट जारी किया गया है। नदी-नालों से दूर रहें। आपात स्थिति में 112 डायल करें।"),
    ("hi", True, {"helpline", "link"},
     "मुख्यमंत्री हेल्पलाइन 1905 पर अपनी शिकायत दर्ज कराएं। शिकायत की स्थिति "
     "cmhelpline.uk.gov.in पर देखी जा सकती है।"),
    ("hi", True, {"scheme", "eligibility", "link"},
     "वृद्धावस्था पेंशन के लिए पात्रता: 60 वर्ष से अधिक आयु, मासिक आय ₹4000 से कम। आवेदन "
     "समाज कल्याण विभाग के पोर्टल ssp.uk.gov.in पर करें।"),
    ("hi", True, {"helpline", "advisory"},
     "साइबर ठगी से सावधान! कोई भी बैंक अधिकारी फ़ोन पर ओटीपी नहीं माँगता। ठगी होने पर "
     "तुरंत 1930 पर कॉल करें।"),
    ("hi", True, {"eligibility", "helpline", "link"},
     "केदारनाथ यात्रा हेतु पंजीकरण अनिवार्य है। पंजीकरण "
     "registrationandtouristcare.uk.gov.in अथवा टोल फ्री नंबर 0135-1364 पर कराएं।"),
    ("hi", True, {"helpline"},
     "जिला आपदा नियंत्रण कक्ष 24 घंटे सक्रिय है। किसी भी आपदा की सूचना 0135-2726066 अथवा "
     "1077 पर दें।"),
    ("hi", True, {"advisory"},
     "गंगोत्री राष्ट्रीय राजमार्ग पर डबरानी के पास भूस्खलन के कारण मार्ग बंद है। वैकल्पिक "
     "मार्ग का प्रयोग करें, मार्ग खुलने की सूचना यहीं दी जाएगी।"),
    ("hi", True, {"scheme", "deadline", "helpline"},
     "प्रधानमंत्री किसान सम्मान निधि की अगली किस्त के लिए ई-केवाईसी 31 अक्टूबर तक अवश्य "
     "कराएं। नज़दीकी जन सेवा केंद्र से संपर्क करें।"),
    ("hi", True, None,
     "दीपावली की हार्दिक शुभकामनाएं! पटाखे सावधानी से चलाएं, आग लगने की स्थिति में तुरंत "
     "101 डायल करें।"),
    ("hi", True, {"helpline", "advisory"},
     "एडवाइज़री: हिमपात के कारण चकराता-मुंडाली मार्ग पर केवल 4x4 वाहन ही जाएँ। आवश्यक "
     "सूचना के लिए पुलिस कंट्रोल रूम से संपर्क करें।"),
    # ------------------------------------------------------------------ Hindi, ceremonial
    ("hi", False, set(),
     "समस्त प्रदेशवासियों को दीपावली की हार्दिक शुभकामनाएं। माँ लक्ष्मी आप सभी के जीवन में"
     " सुख, समृद्धि और खुशहाली लाएं।"),
    ("hi", False, set(),
     "स्वतंत्रता दिवस (15 अगस्त) के पावन अवसर पर सभी देशवासियों को हार्दिक बधाई एवं "
     "शुभकामनाएँ। जय हिंद!"),
    ("hi", False, set(),
     "माननीय मुख्यमंत्री जी ने आज देहरादून में नवनिर्मित जिला चिकित्सालय भवन का लोकार्पण "
     "किया।"),
    ("hi", False, set(),
     "राज्य आंदोलनकारी के निधन पर विभाग गहरा शोक व्यक्त करता है। ईश्वर दिवंगत आत्मा को "
     "शांति प्रदान करें। विनम्र श्रद्धांजलि।"),
    # A review meeting of schemes: ceremony for a citizen, but the lexicon sees "योजनाओं".
    ("hi", False, None,
     "आज सचिवालय में विभागीय मंत्री जी की अध्यक्षता में पेयजल योजनाओं की प्रगति को लेकर "
     "समीक्षा बैठक आयोजित की गई।"),
    ("hi", False, set(),
     "महात्मा गांधी जयंती पर राष्ट्रपिता को शत-शत नमन।"),
    ("hi", False, set(),
     "जिलाधिकारी ने आज दिनांक 12.09.2024 को विकास भवन में अधिकारियों के साथ बैठक कर विकास "
     "कार्यों की समीक्षा की।"),
    ("hi", False, set(),
     "माननीय राज्यपाल महोदय से आज राजभवन में विभागीय सचिव ने शिष्टाचार भेंट की।"),
    ("hi", False, set(),
     "हरेला पर्व के अवसर पर विभाग के अधिकारियों एवं कर्मचारियों द्वारा कार्यालय परिसर में "
     "वृक्षारोपण किया गया। #हरेला https://t.co/AbC123xYz"),
    ("hi", False, set(),
     "उत्तराखंड राज्य स्थापना दिवस की रजत जयंती पर सभी को बधाई! आइए मिलकर सशक्त उत्तराखंड "
     "का निर्माण करें। 🙏"),
    ("hi", False, set(),
     "रक्तदान शिविर में बढ़-चढ़कर भाग लेने वाले सभी रक्तदाताओं का हार्दिक आभार। आपका "
     "योगदान अनमोल है।"),
    ("hi", False, set(),
     "सुप्रभात उत्तराखंड! देवभूमि की सुंदर सुबह 🌄 #Uttarakhand"),
    ("hi", False, set(),
     "उत्तरकाशी में हुई सड़क दुर्घटना में मृतकों के परिजनों के प्रति गहरी संवेदना। घायलों "
     "के शीघ्र स्वस्थ होने की कामना करते हैं।"),
    ("hi", False, set(),
     "भारी बारिश से प्रभावित क्षेत्रों का मुख्यमंत्री जी ने हवाई निरीक्षण किया तथा राहत "
     "कार्यों की जानकारी ली।"),
    # --------------------------------------------------------------- English, informative
    ("en", True, {"advisory"},
     "Char Dham Yatra Advisory: pilgrims are advised not to travel on the Kedarnath route "
     "on 5 and 6 July due to the heavy rain alert. Follow updates from @UKPoliceHQ."),
    ("en", True, {"deadline", "advisory"},
     "Scheduled power shutdown: supply to Rajpur Road, Jakhan and Kishanpur feeders will "
     "remain suspended from 10 AM to 3 PM on Saturday for maintenance. Inconvenience "
     "regretted."),
    ("en", True, {"scheme", "eligibility", "deadline", "link"},
     "Last date to apply for the Post-Matric Scholarship 2024-25 has been extended to 15 "
     "November 2024. Apply at https://scholarships.gov.in"),
    ("en", True, {"scheme", "deadline"},
     "Ayushman card camp at Community Health Centre, Doiwala till 30 Sept, 10 AM to 4 PM. "
     "Bring your Aadhaar and ration card. Free treatment up to ₹5 lakh per family."),
    ("en", True, None,
     "Facing a power outage? Call our 24x7 toll-free helpline 1912."),
    ("en", True, {"scheme", "eligibility", "link"},
     "Mukhyamantri Ekal Mahila Swarozgar Yojana: single women aged 21-50 who are permanent"
     " residents of Uttarakhand are eligible. Apply online at https://wecd.uk.gov.in"),
    ("en", True, {"helpline", "advisory"},
     "RED ALERT: IMD has forecast extremely heavy rainfall in Chamoli, Rudraprayag and "
     "Pithoragarh for the next 48 hours. Emergency: 112 | Disaster control room: 1070"),
    ("en", True, {"deadline", "advisory"},
     "Traffic diversion for Kanwar Yatra: heavy vehicles from Delhi to Dehradun will be "
     "diverted via Roorkee from 22 July to 2 August. Plan your journey accordingly."),
    ("en", True, {"helpline", "link", "advisory"},
     "Beware of fake calls offering government jobs for money. Report cyber fraud on 1930 "
     "or at cybercrime.gov.in"),
    ("en", True, {"eligibility", "deadline", "link"},
     "Registrations for Winterline Carnival food stalls are open till 10 December. "
     "Register at https://forms.gle/WinterLine24"),
    ("en", True, {"eligibility", "deadline"},
     "Anganwadi worker recruitment: applications invited from women residents of the "
     "concerned gram sabha. Last date 20/10/2024."),
    ("en", True, {"helpline", "advisory"},
     "Stay safe this monsoon: do not cross swollen streams and keep emergency numbers "
     "handy. State helpline 1070."),
    ("en", True, {"helpline"},
     "Water in wards 12 to 18 of Haldwani may be turbid after the flood; please boil it "
     "before drinking. For a tanker, contact 05946-254321."),
    ("en", True, None,
     "Happy Holi! Play safe and in case of an emergency dial 108."),
    # ---------------------------------------------------------------- English, ceremonial
    ("en", False, set(),
     "Heartiest greetings to everyone on the auspicious occasion of Igas Bagwal! May the "
     "festival of lights bring prosperity to every home."),
    ("en", False, set(),
     "Hon'ble Chief Minister inaugurated the new Tourist Information Centre at Rishikesh "
     "today and interacted with pilgrims."),
    ("en", False, set(),
     "Deeply saddened by the loss of lives in the Rudraprayag road accident. Our heartfelt"
     " condolences to the bereaved families. 🙏"),
    ("en", False, set(),
     "Happy Independence Day! Flag hoisting at the Directorate on 15 August. Jai Hind 🇮🇳"),
    ("en", False, set(),
     "The Secretary chaired a review meeting on the progress of Jal Jeevan Mission works "
     "in Pauri district. Officers were directed to complete pending works on time."),
    ("en", False, set(),
     "Tributes to Pandit Govind Ballabh Pant on his birth anniversary. His vision "
     "continues to guide Uttarakhand."),
    ("en", False, set(),
     "Glimpses from the Yoga Day celebrations at Parade Ground, Dehradun. "
     "#InternationalYogaDay https://t.co/Xy12AbCd"),
    ("en", False, set(),
     "The Director General of Police paid a courtesy call on the Hon'ble Governor at Raj "
     "Bhavan today."),
    ("en", False, set(),
     "Proud moment! Uttarakhand Police won the overall trophy at the All India Police Duty"
     " Meet. Congratulations to the team!"),
    ("en", False, set(),
     "Officers and staff of the department took part in the Swachhata Hi Seva cleanliness "
     "drive at the office premises today."),
    ("en", False, set(),
     "Warm wishes on Uttarakhand Foundation Day to all residents of Devbhoomi!"),
    ("en", False, set(),
     "A World Bank delegation met with the Chief Secretary to discuss disaster resilience "
     "projects in the state."),
    ("en", False, set(),
     "Thank you Haridwar for the overwhelming participation in the Run for Unity! 👏"),
    # A state-day announcement with a future date: the lexicon reads "will ... on 9 November".
    ("en", False, None,
     "Uttarakhand Foundation Day will be celebrated with cultural programmes at Police "
     "Lines on 9 November. Jai Uttarakhand!"),
    # -------------------------------------------------------------- Hinglish, informative
    ("hl", True, {"eligibility", "helpline", "link"},
     "Kedarnath yatra ke liye registration zaroori hai. Registration karne ke liye "
     "registrationandtouristcare.uk.gov.in par jaayein ya toll free number 1364 par call "
     "karein."),
    ("hl", True, {"deadline", "advisory"},
     "Bijli katauti ki soochna: kal subah 9 baje se dopahar 1 baje tak Haldwani ke Mukhani"
     " aur Kusumkhera kshetra mein bijli aapurti baadhit rahegi."),
    ("hl", True, {"scheme", "eligibility", "deadline"},
     "Mukhyamantri Vatsalya Yojana ke antargat aavedan ki antim tithi 31 August hai. Jaldi"
     " aavedan karein!"),
    ("hl", True, {"helpline", "advisory"},
     "Bhari barish ka orange alert! Agle 24 ghante pahadi jilon mein yatra na karein. "
     "Aapaat sthiti mein 112 par sampark karein."),
    ("hl", True, {"scheme", "helpline"},
     "Ayushman card banwane ke liye apne nazdeeki CSC kendra par jaayein. Koi samasya ho "
     "to helpline 104 par call karein."),
    ("hl", True, {"scheme", "eligibility", "deadline", "link"},
     "Scholarship form bharne ki last date 15 November hai. Apply karein: "
     "https://scholarship.uk.gov.in"),
    ("hl", True, {"advisory"},
     "Rishikesh-Badrinath highway Tota Ghati ke paas malba aane se band hai. Yatri "
     "vaikalpik marg ka upyog karein aur police ki salah maanein."),
    ("hl", True, {"scheme", "eligibility", "link"},
     "Old age pension ke liye patrata: umar 60 saal se zyada aur aay 4000 rupaye mahina se"
     " kam. Samaj kalyan vibhag ke portal ssp.uk.gov.in par aavedan karein."),
    ("hl", True, {"helpline", "advisory"},
     "Cyber thagi se savdhan rahein! Kisi ko bhi OTP na batayein. Thagi hone par turant "
     "1930 dial karein."),
    ("hl", True, {"helpline", "advisory"},
     "Jal Sansthan: pipeline marammat ke karan kal Dharampur aur Ajabpur mein paani ki "
     "supply prabhavit rahegi. Tanker ke liye 0135-2676260 par sampark karein."),
    ("hl", True, {"scheme", "deadline", "helpline"},
     "PM Kisan ki agli kist ke liye e-KYC 31 October tak karwa lein. Nazdeeki Jan Seva "
     "Kendra se sampark karein."),
    ("hl", True, None,
     "Rozgar mela 25 September ko ITI Dehradun mein subah 10 baje se lagega. 10vi aur 12vi"
     " pass yuva bhaag le sakte hain. Registration: https://rozgar.uk.gov.in"),
    ("hl", True, {"advisory"},
     "Mausam vibhag ki chetavani: 12 aur 13 July ko Dehradun, Nainital aur Bageshwar mein "
     "bhari barish ki sambhavna. Nadi kinare na jaayein."),
    ("hl", True, {"helpline", "advisory"},
     "Diwali ki shubhkamnayein! Patakhe jalate samay savdhani baratein, aag lagne par 101 "
     "par call karein."),
    # --------------------------------------------------------------- Hinglish, ceremonial
    ("hl", False, set(),
     "Sabhi pradeshvasiyon ko Holi ki hardik shubhkamnayein! Rang aur umang ka yeh tyohar "
     "aapke jeevan mein khushiyan laaye."),
    ("hl", False, set(),
     "Mananiya Mantri ji ne aaj Haldwani mein naye tehsil bhawan ka udghatan kiya."),
    ("hl", False, set(),
     "Veer shaheedon ko shat shat naman. Unka balidan hamesha yaad rahega. 🙏"),
    ("hl", False, set(),
     "Aaj vibhagiya adhikariyon ki baithak mein vikas karyon ki samiksha ki gayi."),
    ("hl", False, set(),
     "Happy Diwali from team UPCL! Diye jalayein, bijli bachayein aur surakshit tyohar "
     "manayein. 🪔"),
    # A review of schemes, again: the lexicon sees "yojanaon".
    ("hl", False, None,
     "Mukhyamantri ji ne aaj Gairsain mein vibhagiya yojanaon ki pragati ki samiksha ki."),
    ("hl", False, set(),
     "Harela parv ki hardik badhai! Aaiye sab milkar ek ped zaroor lagayein. 🌱"),
    ("hl", False, set(),
     "Police Smriti Diwas par kartavya path par balidan dene wale sabhi veer jawanon ko "
     "vinamra shraddhanjali."),
    ("hl", False, set(),
     "DM sahab ne aaj Joshimath ke prabhavit kshetron ka sthaleey nirikshan kiya aur logon"
     " se mulakat ki."),
    ("hl", False, set(),
     "Uttarakhand ki beti ne national games mein gold jeeta, bahut bahut badhai aur "
     "shubhkamnayein!"),
    ("hl", False, set(),
     "Aaj Raj Bhawan mein Mananiya Rajyapal mahoday se shishtachar bhent ki."),
    ("hl", False, set(),
     "Good morning Dehradun! Aaj ka mausam suhana hai ☀️ #DoonDiaries"),
    ("hl", False, set(),
     "Ganesh Chaturthi ki hardik shubhkamnayein. Ganpati Bappa Morya! "
     "https://t.co/Qw3rTy7uIo"),
    ("hl", False, set(),
     "Gairsain mein aaj Vidhan Sabha satra ke pehle din sabhi sadasyon ka swagat kiya "
     "gaya."),
    # -------------------------- second round: written after the lexicon, used to widen it
    ("hi", True, None,
     "नंदा देवी राजजात यात्रा के दौरान वाहनों की पार्किंग हेतु नई व्यवस्था लागू की गई है, "
     "कृपया यातायात पुलिस का सहयोग करें।"),
    ("hi", True, None,
     "आंगनबाड़ी कार्यकत्रियों के रिक्त पदों हेतु विज्ञप्ति जारी, इच्छुक महिलाएं 25 नवंबर "
     "तक आवेदन कर सकती हैं।"),
    ("hi", True, None,
     "डेंगू से बचाव के लिए घर के आसपास पानी जमा न होने दें। बुखार होने पर नजदीकी सरकारी "
     "अस्पताल में निःशुल्क जांच कराएं।"),
    ("hi", False, None,
     "माननीय मंत्री जी द्वारा आज विधानसभा क्षेत्र में विभिन्न विकास योजनाओं का शिलान्यास "
     "किया गया।"),
    ("hi", False, None,
     "होली के पावन पर्व पर सभी को रंगों भरी शुभकामनाएं।"),
    ("hi", False, None,
     "स्व. हेमवती नंदन बहुगुणा जी की पुण्यतिथि पर भावपूर्ण श्रद्धांजलि।"),
    ("hi", True, None,
     "राशन कार्ड में नाम जोड़ने/हटाने के लिए अब nfsa.uk.gov.in पर ऑनलाइन सुविधा उपलब्ध है।"),
    ("hi", True, None,
     "जनपद पिथौरागढ़ में कल सभी शिक्षण संस्थान बंद रहेंगे - जिलाधिकारी"),
    ("hi", False, None,
     "विभाग की टीम ने आज स्कूलों में सड़क सुरक्षा जागरूकता कार्यक्रम आयोजित किया।"),
    ("hi", True, None,
     "किसान भाई फसल बीमा के लिए 31 जुलाई से पहले बैंक शाखा में संपर्क करें।"),
    ("en", True, None,
     "Free eye check-up camp at District Hospital Almora on Sunday. Walk in between 9 AM "
     "and 1 PM."),
    ("en", False, None,
     "Glad to share that our department received the SKOCH award for e-governance. Thanks "
     "to the whole team."),
    ("en", True, None,
     "Online counselling for B.Ed admissions begins 5 September. Candidates should keep "
     "their documents ready."),
    ("en", False, None,
     "Minister reviewed preparations for the Kumbh Mela with senior officers at the Mela "
     "Control Room."),
    ("en", True, None,
     "Fire season alert: do not burn dry leaves near forests. Report forest fires to the "
     "toll-free number 1800-180-4141."),
    ("en", False, None,
     "Wishing a speedy recovery to the jawans injured in the line of duty."),
    ("en", True, None,
     "The e-challan can now be paid online through the Parivahan portal."),
    ("en", False, None,
     "Remembering the brave martyrs of the Khatima and Mussoorie firing on this day."),
    ("en", True, None,
     "Students of Class 10 and 12: board exam admit cards are available for download from "
     "the school login from 20 February."),
    ("en", False, None,
     "Minister flagged off 20 new ambulances from the Secretariat today."),
    ("hl", True, None,
     "Gas cylinder booking ke liye ab WhatsApp number 7718955555 par Hi bhejein."),
    ("hl", False, None,
     "Aaj Doon Hospital mein free health camp laga, 300 logon ne jaanch karayi."),
    ("hl", True, None,
     "Kal se Chopta-Tungnath marg par barf ke karan vahan na le jaayein."),
    ("hl", False, None,
     "Sabhi ko Navratri ki dher saari shubhkamnayein!"),
    ("hl", True, None,
     "Berozgar yuvaon ke liye Mukhyamantri Swarozgar Yojana mein loan ki suvidha, zila "
     "udyog kendra se sampark karein."),
    ("hl", False, None,
     "Hamare vibhag ke karmchariyon ne aaj raktdaan kiya, sabhi ka dhanyavaad."),
    ("hl", True, None,
     "Bijli bill ab online bhar sakte hain upcl.org par."),
    ("hl", False, None,
     "Swatantrata Diwas ki hardik badhai! Jai Hind"),
    ("hl", True, None,
     "Yatri kripya dhyan dein: Kedarnath helicopter ticket sirf heliyatra.irctc.co.in se "
     "hi book karein."),
    ("hl", False, None,
     "Aaj DM sahab ne tehsil diwas mein janta ki samasyaein suni."),
]

# Written after the lexicon was last changed and never used to change it: an honest estimate of
# how the rule does on posts it was not fitted to. Do not tune the patterns on these; when the
# lexicon changes, write a fresh set and move these into EXAMPLES.
HELD_OUT: list[tuple[str, bool, str]] = [
    ("hi", True,
     "गौरीकुंड से केदारनाथ पैदल मार्ग पर घोड़े-खच्चरों का संचालन सुबह 6 बजे से शाम 4 बजे "
     "तक ही होगा।"),
    ("hi", False,
     "माननीय मुख्यमंत्री जी ने आज गैरसैंण में राज्य स्तरीय सहकारिता सम्मेलन को संबोधित "
     "किया।"),
    ("hi", True,
     "बोर्ड परीक्षा 2025 के प्रवेश पत्र विद्यालय लॉगिन से डाउनलोड किए जा सकते हैं।"),
    ("hi", False,
     "ईगास बग्वाल की सभी प्रदेशवासियों को ढेर सारी बधाई।"),
    ("hi", True,
     "शीतलहर को देखते हुए जनपद के सभी आंगनबाड़ी केंद्र 31 दिसंबर तक बंद रहेंगे।"),
    ("hi", False,
     "पुलिस लाइन में आयोजित खेलकूद प्रतियोगिता के विजेताओं को पुरस्कृत किया गया।"),
    ("hi", True,
     "वरिष्ठ नागरिकों के लिए निःशुल्क तीर्थ यात्रा योजना में पंजीकरण प्रारंभ, ऑनलाइन आवेदन"
     " करें।"),
    ("hi", False,
     "आज विभागीय कार्यालय में हिंदी दिवस पर कवि सम्मेलन का आयोजन हुआ।"),
    ("hi", True,
     "ठगों से सावधान रहें, लॉटरी या इनाम के नाम पर आने वाले फोन पर कोई जानकारी साझा न "
     "करें।"),
    ("hi", False,
     "शहीद सैनिकों के परिजनों को सम्मानित कर उनका आभार व्यक्त किया गया।"),
    ("en", True,
     "Mussoorie: vehicles without a valid parking slip will not be allowed beyond Kincraig"
     " this weekend. Use the shuttle service from Kincraig parking."),
    ("en", False,
     "Happy to host the delegation from Himachal Pradesh to learn about our homestay "
     "policy."),
    ("en", True,
     "Driving licence tests at RTO Dehradun are suspended on 2 October due to the holiday."),
    ("en", False,
     "Our heartfelt tribute to the first Chief Minister of the state on his death "
     "anniversary."),
    ("en", True,
     "Pensioners must submit their life certificate by 30 November to keep receiving their"
     " pension."),
    ("en", False,
     "The Chief Secretary visited the new ISBT and appreciated the cleanliness "
     "arrangements."),
    ("en", True,
     "Lost your ration card? Get a duplicate from the nearest CSC; fee Rs 50."),
    ("en", False,
     "Congratulations to the 25 new sub-inspectors who completed their training today."),
    ("en", True,
     "Forest fire season: report any fire immediately on 1926."),
    ("en", False,
     "Moments from the Van Mahotsav plantation drive at Thano range."),
    ("hl", True,
     "Kanwar yatra ke dauran Haridwar mein bhari vahanon ka pravesh 20 July se 2 August "
     "tak pratibandhit rahega."),
    ("hl", False,
     "Aaj Police Lines mein Rashtriya Ekta Diwas par shapath li gayi."),
    ("hl", True,
     "Apne bachchon ko polio ki khuraak zaroor pilayein, ravivar ko sabhi booth par "
     "abhiyan chalega."),
    ("hl", False,
     "Pradesh ke sabhi kisaan bhaiyon ko Harela ki shubhkamnayein."),
    ("hl", True,
     "Naye bijli connection ke liye ab ghar baithe apply kar sakte hain, details UPCL ki "
     "website par."),
    ("hl", False,
     "Mantri ji ne aaj Rudrapur mein naye bus adde ka nirikshan kiya."),
    ("hl", True,
     "Barish ke mausam mein paani ubaal kar piyein aur nadi-naalon se door rahein."),
    ("hl", False,
     "Team Jal Sansthan ne aaj vriksharopan karke Harela manaya."),
    ("hl", True,
     "Aadhaar update camp kal subah 10 se shaam 5 baje tak tehsil parisar mein lagega."),
    ("hl", False,
     "Aaj vibhag ke naye nideshak ne karyabhaar grahan kiya, sabhi ne swagat kiya."),
]


def _accuracy(rows: list[tuple[str, bool, str]]) -> float:
    return sum(is_informative(t) == want for _, want, t in rows) / len(rows)


def _report(name: str, rows: list[tuple[str, bool, str]]) -> tuple[float, dict[str, float]]:
    per_lang = {
        lang: _accuracy([r for r in rows if r[0] == lang]) for lang in ("hi", "en", "hl")
    }
    overall = _accuracy(rows)
    print(f"\n{name}: informative accuracy {overall:.3f} on {len(rows)} posts; "
          + ", ".join(f"{k} {v:.3f}" for k, v in per_lang.items()))
    for lang, want, text in rows:
        if is_informative(text) != want:
            print(f"  miss ({lang}, labelled {want}): {text}")
    return overall, per_lang


def test_the_examples_are_balanced_across_languages_and_labels() -> None:
    langs = Counter(lang for lang, *_ in EXAMPLES)
    assert len(EXAMPLES) >= 60
    assert min(langs.values()) >= len(EXAMPLES) // 3 - 2, langs
    for lang in langs:
        labels = Counter(want for code, want, _, _ in EXAMPLES if code == lang)
        assert min(labels.values()) >= 10, (lang, labels)


def test_accuracy_overall_and_per_language() -> None:
    overall, per_lang = _report("examples", [(lang, w, t) for lang, w, _, t in EXAMPLES])
    assert overall >= 0.90
    assert all(v >= 0.85 for v in per_lang.values()), per_lang


def test_accuracy_on_posts_the_lexicon_was_not_fitted_to() -> None:
    overall, _ = _report("held out", HELD_OUT)
    assert overall >= 0.85


@pytest.mark.parametrize(
    ("text", "want"),
    [(t, cats) for _, _, cats, t in EXAMPLES if cats is not None],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_categories_of_labelled_posts(text: str, want: set[str]) -> None:
    assert service_categories(text) == want


def test_ceremony_never_cancels_a_service_marker() -> None:
    festive = "दीपावली की हार्दिक शुभकामनाएं! आग लगने की स्थिति में तुरंत 101 डायल करें।"
    assert is_ceremonial(festive) and is_informative(festive)
    assert service_categories(festive) == {"helpline"}
    assert is_ceremonial("Happy Holi! Play safe and in case of an emergency dial 108.")
    assert not is_ceremonial("Last date to apply: 30 Sept. Apply at https://x.uk.gov.in")


def test_empty_and_missing_text() -> None:
    for text in (None, "", "   ", "🙏🙏", "#Uttarakhand https://t.co/AbCdEf123"):
        assert service_categories(text) == set() and not is_informative(text)
    assert not is_ceremonial(None)


@pytest.mark.parametrize(
    ("text", "category", "found"),
    [
        # dates need a cue: a bare date is as common in greetings and meeting reports
        ("15 अगस्त को ध्वजारोहण", "deadline", False),
        ("आवेदन 15 अगस्त तक", "deadline", True),
        ("form 15 August tak bharein", "deadline", True),
        ("Apply by 15/08/2024", "deadline", True),
        ("Apply by १५ अगस्त", "deadline", True),
        ("अंतिम तिथि ३०.०९.२०२४", "deadline", True),
        ("Report dated 15/08/2024", "deadline", False),
        ("Offices open 10:30 a.m. to 5 p.m.", "deadline", True),
        ("a junior 12 Junior team", "deadline", False),
        # short codes need a cue: bare, they are counts and years
        ("112 गाँवों में सड़क", "helpline", False),
        ("founded in 1930", "helpline", False),
        ("Emergency: 112", "helpline", True),
        ("1905 पर शिकायत करें", "helpline", True),
        ("108 एम्बुलेंस सेवा", "helpline", True),
        ("paid a courtesy call on the Governor", "helpline", False),
        ("मुख्यमंत्री ने वीडियो कॉल कर बात की", "helpline", False),
        ("Call 0135-2712345", "helpline", True),
        ("Contact 1800-180-4100", "helpline", True),
        # links: anything but a bare X short link, which also wraps every attached photo
        ("https://t.co/AbC", "link", False),
        ("HTTPS://T.CO/AbC", "link", False),
        ("https://tourism.uk.gov.in", "link", True),
        ("https://t.com/x", "link", True),
        ("see uttarakhand.gov.in", "link", True),
        ("www.ukpolice.in/notices", "link", True),
        # stems match inflections, fences stop substrings of other words
        ("योजनाओं का लाभ", "scheme", True),
        ("schematic drawing", "scheme", False),
        ("reapply", "eligibility", False),
        ("Vigilance week: सतर्कता जागरूकता सप्ताह", "advisory", False),
        ("heavy rainfall damaged the road", "advisory", False),
        ("heavy rain likely tomorrow", "advisory", True),
        # a separator is needed: a hashtag glued to the name is decoration
        ("PM-Kisan ki agli kist", "scheme", True),
        ("PM Kisan samman", "scheme", True),
        ("#PMKisan", "scheme", False),
        ("Toll-free", "helpline", True),
        ("toll free", "helpline", True),
        ("tollfree", "helpline", False),
        # the letters the engines fold differently are mapped to plain ones first
        ("\u017fcheme", "scheme", True),
        ("HELPL\u0130NE", "helpline", True),
    ],
)
def test_cues_and_fences(text: str, category: str, found: bool) -> None:
    assert (category in service_categories(text)) is found


def test_devanagari_spelling_variants_match_alike() -> None:
    """Nukta precomposed or not, or left out; chandrabindu or anusvara: the same category."""
    decomposed = "एडवाइज\u093cरी: सड\u093cक बंद"
    precomposed = "एडवाइ\u095bरी: स\u095cक बंद"
    bare = "एडवाइजरी: सडक बंद"
    assert unicodedata.normalize("NFC", precomposed) == decomposed  # NFC decomposes nukta letters
    for text in (decomposed, precomposed, bare):
        assert "advisory" in service_categories(text), text
    for text in ("हार्दिक शुभकामनाएँ", "हार्दिक शुभकामनाएं", "शुभकामनायें"):
        assert is_ceremonial(text)
    assert "helpline" in service_categories("टोल फ\u095eरी 1364") | service_categories(
        "टोल फ्री 1364"
    )


# ------------------------------------------------------------------ portability of the patterns
_FORBIDDEN = [r"(?=", r"(?!", r"(?<", r"\b", r"\B", r"\w", r"\W", r"\d", r"\D", r"\s", r"\S",
              "*+", "++", "?+", "}+", "&&", r"\p", r"\X", r"\R", r"\h", r"\z", r"\Z", r"\A"]


def _patterns() -> dict[str, str]:
    return {**SERVICE_CATEGORIES, "ceremonial": CEREMONIAL}


def _nested_classes(pattern: str) -> list[int]:
    """Where a ``[`` or a leading ``]`` stands inside a character class: Java reads ``[a[b]]``
    as a union of classes, RE2 and Python as the literal characters."""
    found, in_class, i = [], False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "[" or (ch == "]" and pattern[i - 1] in "[^" and pattern[i - 2 : i] != "\\["):
                found.append(i)
            elif ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
        i += 1
    return found


def test_category_names_and_media_kinds() -> None:
    assert tuple(SERVICE_CATEGORIES) == CATEGORIES
    assert set(CATEGORIES) == {"scheme", "eligibility", "deadline", "helpline", "link", "advisory"}
    assert MEDIA_KINDS == ("photo", "video", "reel", "live")


@pytest.mark.parametrize("name", list(_patterns()))
def test_patterns_use_only_the_common_core_of_re2_java_and_python(name: str) -> None:
    pattern = _patterns()[name]
    re.compile(pattern)
    assert pattern.startswith("(?i)") and pattern.count("(?i)") == 1
    for bad in _FORBIDDEN:
        assert bad not in pattern, (name, bad)
    assert not re.search(r"\\[1-9]", pattern), "backreference"
    # Lazy repeats never change *whether* a pattern matches; one here is a slip for "optional".
    assert not re.search(r"[}*+?]\?", pattern.replace("(?", "")), "lazy quantifier"
    assert not re.search(r"\{[0-9]*,?[0-9]{4,}\}", pattern), "RE2 caps repeats at 1000"
    assert not _nested_classes(pattern), "a class inside a class means union in Java only"


def test_the_class_check_finds_what_java_reads_as_a_union() -> None:
    assert _nested_classes("pm[-[ \t]{1,3}]?kisan") == [4]
    assert _nested_classes("[^]a]") == [2]
    assert _nested_classes(r"a[^0-9\]]b[x-z]\[c") == []


@pytest.mark.parametrize("name", list(_patterns()))
def test_no_pattern_backtracks_quadratically_on_long_posts(name: str) -> None:
    """Python and Java backtrack (RE2 does not): a 20,000-character post must stay cheap there.

    Quadratic patterns take seconds here; linear ones a few milliseconds, so the bound is loose.
    """
    rx = re.compile(_patterns()[name])
    rng = random.Random(1)
    texts = ["a" * 20_000, "a-" * 10_000, "a." * 10_000, "1/" * 10_000, "15 अगस्त " * 2_000,
             "".join(rng.choice("a1-. /:_@#अ।\n") for _ in range(20_000))]
    started = time.perf_counter()
    for text in texts:
        rx.search(text)
    assert time.perf_counter() - started < 2.0


#: Text where RE2, Java and Python could part ways; every engine must agree on each of them.
TRICKY = [
    # a Latin word glued to a hashtag or another word, and the old nested-class slip
    "#PMKisan", "PM-Kisan", "PM - Kisan", "pm\u00a0kisan", "pm[kisan", "pm]kisan", "pmkisan",
    "tollfree", "Toll-Free 1800-180-4100", "TOLL  FREE", "toll[free",
    # case in every mix, and the four letters the engines fold differently (mapped first)
    "SCHEME", "ScHeMe", "APPLY ONLINE", "LAST DATE 30 SEPT", "Dial 112", "HTTPS://WWW.UK.GOV.IN",
    "\u017fchemes", "\u212aisan samman nidhi", "HELPL\u0130NE 1905", "helpl\u0131ne 1905",
    "\u017f", "\u212a", "\u0130", "\u0131", "ÉLIGIBLE", "Straße", "ǅ",
    # word edges beside Devanagari, Devanagari digits and marks (no \\b anywhere)
    "योजनाscheme", "schemeयोजना", "स्कीमschemes", "scheme१", "1905पर", "कॉल१९०५ पर", "१९०५ पर",
    "apply\u093c", "\u093capply", "ज\u093cरूरी सूचना: मार्ग बंद", "अंतिम तिथि ३०/०९/२०२४",
    # beyond the BMP: windows count code points in every engine, not UTF-16 units
    "last date 😀 30 Sept", "😀scheme😀", "Call 😀 0135-2712345",
    "will " + "😀" * 54 + " 15 August", "will " + "😀" * 60 + " 15 August",
    "will " + "x" * 54 + " 15 August", "will " + "x" * 60 + " 15 August",
    # line ends: Java's $ also matches before a final \\r\\n, \\u0085 or \\u2028
    "scheme\r\n", "call 1905\u2028", "apply\u0085", "Apply by 15/08/2024\r", "scheme\u2029",
    # spaces as typed: NBSP, tabs, runs longer than the three a gap allows
    "last\u00a0date", "last\tdate", "last    date", "last\u2003date", "last\u3000date",
    # characters that mean something in SQL string literals (the patterns travel as literals)
    "it's a scheme", "back\\slash scheme", "100% scheme_", "scheme\\nnext",
]


def _probe_texts() -> list[str]:
    extra = [
        "", "\n", "HTTPS://T.CO/x", "कॉल1905", "abc112def", "Apply by 15/08/2024\n",
        "ज़ ज\u093c \u095b", "line one\nlast date 30 Sept", "नम्बर 112", "x" * 300,
    ]
    return [t for *_, t in EXAMPLES] + [t for *_, t in HELD_OUT] + extra + TRICKY


def _folded_probes() -> list[str]:
    """The probe texts as the patterns see them: :func:`folded` maps what the engines' case
    folding disagrees on (the Ibis expression does it inside the engine)."""
    return [folded(t) for t in _probe_texts()]


def test_python_and_duckdb_agree_on_every_pattern_and_example() -> None:
    con = duckdb.connect()
    disagreements = []
    for name, pattern in _patterns().items():
        rx = re.compile(pattern)
        for text in _folded_probes():
            ddb = con.execute("select regexp_matches(?, ?)", [text, pattern]).fetchone()[0]
            if ddb != (rx.search(text) is not None):
                disagreements.append((name, text, ddb))
    assert not disagreements


def test_java_regex_agrees_where_spark_would_run_it(tmp_path: Path) -> None:
    """Spark's RLIKE is java.util.regex ``find()``; run the same check through a JVM if present."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java on this machine")
    src = tmp_path / "Find.java"
    src.write_text(
        "import java.nio.file.*; import java.util.*; import java.util.regex.*;\n"
        "public class Find { public static void main(String[] a) throws Exception {\n"
        "  List<String> l = Files.readAllLines(Paths.get(a[0]));\n"
        "  Base64.Decoder d = Base64.getDecoder(); StringBuilder out = new StringBuilder();\n"
        "  for (String line : l) { String[] f = line.split(\"\\t\", -1);\n"
        "    Pattern p = Pattern.compile(new String(d.decode(f[0]), \"UTF-8\"));\n"
        "    for (int i = 1; i < f.length; i++) {\n"
        "      out.append(p.matcher(new String(d.decode(f[i]), \"UTF-8\")).find() ? '1' : '0'); }\n"
        "    out.append('\\n'); }\n"
        "  System.out.print(out); } }\n",
        encoding="utf-8",
    )
    texts = _folded_probes()

    def b64(s: str) -> str:
        return base64.b64encode(s.encode("utf-8")).decode("ascii")

    patterns = _patterns()
    data = tmp_path / "cases.tsv"
    data.write_text(
        "".join(b64(p) + "\t" + "\t".join(b64(t) for t in texts) + "\n" for p in patterns.values()),
        encoding="ascii",
    )
    run = subprocess.run([java, str(src), str(data)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    got = run.stdout.splitlines()
    disagreements = []
    for (name, pattern), line in zip(patterns.items(), got, strict=True):
        rx = re.compile(pattern)
        for text, bit in zip(texts, line, strict=True):
            if (bit == "1") != (rx.search(text) is not None):
                disagreements.append((name, text, bit))
    assert not disagreements


def test_the_ibis_expression_agrees_with_the_reference() -> None:
    texts = [*_probe_texts(), None]
    con = ibis.duckdb.connect()
    table = ibis.memtable(pa.table({"i": list(range(len(texts))), "text": texts}))
    out = con.to_pyarrow(table.select("i", flag=informative_expr(table.text)).order_by("i"))
    assert out["flag"].to_pylist() == [is_informative(t) for t in texts]


def test_sample_quarter_texts_are_labelled_consistently() -> None:
    """The demo's generated posts carry their intended label; the rule should agree with it."""
    from sushasan.sample.texts import LANGUAGES, department_post

    rng = np.random.default_rng(7)
    depts = [
        ("Uttarakhand Power Corporation Ltd", "उत्तराखंड पावर कॉर्पोरेशन लिमिटेड", ["power", "upcl"]),
        ("Uttarakhand Police", "उत्तराखंड पुलिस", ["police"]),
        ("Health Department", "स्वास्थ्य विभाग", ["health"]),
        ("Tourism Department", "पर्यटन विभाग", ["tourism", "yatra"]),
    ]
    right = total = 0
    for name_en, name_hi, kws in depts:
        for lang in LANGUAGES:
            for informative in (True, False):
                for _ in range(40):
                    text = department_post(rng, name_en, name_hi, kws, lang, informative)
                    right += is_informative(text) == informative
                    total += 1
    print(f"\nsample-quarter posts: {right}/{total} = {right / total:.3f}")
    assert right / total >= 0.9
