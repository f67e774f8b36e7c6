#!/usr/bin/env python3
"""Planted-defect benchmark for clausier (a script, not a test: it always exits 0).

    python benchmarks/planted_defects.py [--keep DIR] [--only ID ...] [--json OUT]

benchmarks/planted/base.txt is a clean French digital-partnership contract
(agency x SaaS publisher: co-marketing, resale, deliverables) written for this
benchmark, with the 15 clause families drafted correctly. Each entry of DEFECTS
below plants ONE defect in a copy of it by exact text substitutions (each `old`
string must occur exactly once in the text at that point, otherwise the plant
is reported as broken and skipped), and lists the rule name(s) expected to fire.
`expect: []` marks a control variant: a legitimate rewording where any new
finding is a false alarm. Removing a whole article leaves a gap in the numbering,
so those variants expect numbering-gap too.

The script audits the base and every variant in one `clausier audit DIR
--format json --fail-on never --no-cache` call and reports:
  (a) the findings on the clean base (each is a false alarm unless judged
      correct; the judgement is in BASE_VERDICTS);
  (b) per variant, each expected rule caught or missed; a rule counts as
      caught only if it fires with a finding that is not already on the base
      (same rule and excerpt), so a base false alarm cannot "catch" a plant;
  (c) false alarms: findings on a variant that are neither on the base nor
      expected.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASE = HERE / "planted" / "base.txt"

# Lawyer's verdict on findings expected on the clean base (rule -> verdict).
BASE_VERDICTS = {
    "scope-no-measurable-objective": (
        "FALSE ALARM: fires on the narrative préambule; Article 3 states dated, "
        "numbered objectives (240 / 450 abonnements, 150 prospects, 8 %)."
    ),
}

# Article 11 text fragments reused below
NC_DURATION = "pendant la durée du Contrat et pendant douze (12) mois après sa fin, de promouvoir"
NC_TERRITORY = (
    "Cette interdiction est limitée aux régions Bretagne, Pays de la Loire et Normandie, "
    "qui constituent le territoire du partenariat. "
)
NS_DURATION = "Pendant la durée du Contrat et pendant douze (12) mois après sa fin, chaque Partie s'interdit"
CONF_DURATION = (
    "Ces obligations s'appliquent pendant toute la durée du Contrat et pendant cinq (5) ans "
    "après son expiration ou sa résiliation, quelle qu'en soit la cause."
)
IP_SCOPE_END = (
    "pour les besoins de la promotion de la Solution et de la communication institutionnelle "
    "de l'Éditeur, pour le monde entier et pour toute la durée légale de protection des droits d'auteur."
)
RENEWAL = (
    "il est renouvelé par tacite reconduction pour des périodes successives d'un (1) an, sauf "
    "dénonciation par l'une des Parties notifiée par lettre recommandée avec demande d'avis de "
    "réception au moins trois (3) mois avant l'échéance de la période en cours."
)
TERM_CONV = (
    "chaque Partie peut résilier le Contrat sans avoir à justifier d'un motif, moyennant un préavis "
    "écrit de six (6) mois notifié par lettre recommandée avec demande d'avis de réception."
)
PUBLISHER_ID = (
    "HÉLIANTIS LOGICIELS, société anonyme au capital de 450 000 euros, dont le siège social est "
    "situé 3 allée des Cèdres, 35990 Pontcarrel, immatriculée au registre du commerce et des "
    "sociétés de Pontcarrel sous le numéro 902 158 732,"
)
BELGIAN_ID = (
    "HÉLIANTIS LOGICIELS, société anonyme de droit belge au capital de 450 000 euros, dont le "
    "siège social est situé 27 rue des Houblonnières, 4990 Verlaine-sur-Ourthe (Belgique), "
    "inscrite à la Banque-Carrefour des Entreprises sous le numéro 0456.789.133,"
)
ART12 = (
    "Article 12 – Non-sollicitation du personnel\n\n"
    "12.1. Pendant la durée du Contrat et pendant douze (12) mois après sa fin, chaque Partie "
    "s'interdit de solliciter, en vue de l'embaucher ou de le faire travailler directement ou par "
    "personne interposée, tout salarié de l'autre Partie ayant participé à l'exécution du Contrat.\n\n"
    "12.2. Cette interdiction ne s'applique pas lorsque le salarié répond de sa propre initiative à "
    "une offre d'emploi publiée, ni lorsque l'autre Partie a donné son accord écrit préalable.\n\n"
    "12.3. En cas de manquement, la Partie fautive verse à l'autre une indemnité égale à six (6) mois "
    "de la dernière rémunération brute du salarié concerné, que le juge peut modérer conformément à "
    "l'article 1231-5 du Code civil.\n\n"
)
# The payment term and late-payment penalty of article 6.5, replaced by defects and controls.
PAYMENT_TERM = "payables par virement à trente (30) jours à compter de la date d'émission de la facture"
PENALTY_RATE = "des pénalités au taux d'intérêt appliqué par la Banque centrale européenne à son opération de refinancement la plus récente majoré de dix (10) points"
ART16_START = "Article 16 – Évolution du contrat\n\n"
ART17_BODY = (
    "17.1. Tout différend relatif à la formation, l'exécution ou la fin du Contrat est soumis, avant "
    "toute action au fond, à la procédure amiable suivante, qui est obligatoire.\n\n"
    "17.2. La Partie la plus diligente notifie le différend à l'autre par lettre recommandée avec "
    "demande d'avis de réception exposant ses griefs. Les dirigeants des Parties se réunissent dans "
    "les quinze (15) jours calendaires suivant cette notification.\n\n"
    "17.3. À défaut d'accord dans un délai de quarante-cinq (45) jours calendaires à compter de la "
    "notification, chaque Partie retrouve sa liberté de saisir la juridiction compétente.\n\n"
    "17.4. Cette procédure ne fait pas obstacle aux demandes en référé ni aux mesures conservatoires.\n\n"
)

DEFECTS: list[dict] = [
    # ---------------- non-compete ----------------
    {"id": "nc-duration-removed", "cls": "NC no duration",
     "expect": ["non-compete-no-duration"],
     "subs": [(NC_DURATION, "de promouvoir")]},
    {"id": "nc-duration-unlimited", "cls": "NC no duration",
     "expect": ["non-compete-no-duration"],
     "subs": [(NC_DURATION, "sans limitation de durée, de promouvoir")]},
    {"id": "nc-duration-definitive", "cls": "NC no duration",
     "expect": ["non-compete-no-duration"],
     "subs": [("l'Agence s'interdit, " + NC_DURATION, "l'Agence s'interdit définitivement de promouvoir")]},
    {"id": "nc-territory-removed", "cls": "NC no territory",
     "expect": ["non-compete-no-territory"],
     "subs": [(NC_TERRITORY, "")]},
    {"id": "nc-territory-anywhere", "cls": "NC no territory",
     "expect": ["non-compete-no-territory"],
     "subs": [(NC_TERRITORY, "Cette interdiction s'applique en tout lieu où l'Éditeur pourrait être amené à commercialiser la Solution. ")]},
    {"id": "nc-five-years", "cls": "NC excessive duration",
     "expect": ["non-compete-excessive-duration"],
     "subs": [(NC_DURATION, "pendant la durée du Contrat et pendant cinq (5) ans après sa fin, de promouvoir")]},
    # ---------------- non-solicitation ----------------
    {"id": "ns-duration-removed", "cls": "NS unlimited",
     "expect": ["non-solicitation-no-duration"],
     "subs": [(NS_DURATION, "Chaque Partie s'interdit")]},
    {"id": "ns-duration-unlimited", "cls": "NS unlimited",
     "expect": ["non-solicitation-no-duration"],
     "subs": [(NS_DURATION, "Sans limitation de durée, chaque Partie s'interdit")]},
    {"id": "ns-forever-after", "cls": "NS unlimited",
     "expect": ["non-solicitation-no-duration"],
     "subs": [(NS_DURATION, "Pendant la durée du Contrat comme après sa fin, à quelque date que ce soit, chaque Partie s'interdit")]},
    # Catalogue §0.4/§19: NS is optional in a partnership, so deleting it is
    # not a defect: control variant (a missing-clause here would be noise).
    {"id": "control-ns-article-removed", "cls": "control (optional family removed)",
     "expect": ["numbering-gap"],
     "subs": [(ART12, ""), ("Les articles 8, 9, 11, 12 et 18", "Les articles 8, 9, 11 et 18")]},
    # ---------------- confidentiality ----------------
    {"id": "conf-during-contract-only", "cls": "CONF no post-term duration",
     "expect": ["confidentiality-no-duration"],
     "subs": [(CONF_DURATION, "Ces obligations s'appliquent pendant toute la durée du Contrat.")]},
    {"id": "conf-ends-with-contract", "cls": "CONF no post-term duration",
     "expect": ["confidentiality-no-duration"],
     "subs": [(CONF_DURATION, "Ces obligations prennent fin à l'expiration ou à la résiliation du Contrat, quelle qu'en soit la cause.")]},
    {"id": "conf-no-sanction", "cls": "CONF no sanction",
     "expect": ["confidentiality-no-sanction"],
     "subs": [
         ("9.5. Tout manquement au présent article engage la responsabilité de son auteur et ouvre droit à réparation du préjudice subi ; il autorise en outre l'autre Partie à résilier le Contrat de plein droit dans les conditions de l'article 15.2.\n\n", ""),
         ("ou manquement aux articles 9 et 10", "ou manquement à l'article 10"),
         ("obligations de confidentialité (article 9), de protection", "obligations de protection"),
     ]},
    {"id": "conf-article-removed", "cls": "family removed",
     "expect": ["missing-clause", "numbering-gap"],
     "subs": [("« Informations Confidentielles » : les informations définies à l'article 9.\n\n", ""),
              ("Article 9 – Confidentialité\n\n", "SUPPRIMER_DEBUT"),
              ("Article 10 – Protection des données personnelles", "SUPPRIMER_FINArticle 10 – Protection des données personnelles"),
              ("ou manquement aux articles 9 et 10", "ou manquement à l'article 10"),
              ("obligations de confidentialité (article 9), de protection", "obligations de protection"),
              ("Les articles 8, 9, 11, 12 et 18 survivent", "Les articles 8, 11, 12 et 18 survivent")]},
    # ---------------- personal data ----------------
    {"id": "data-no-purpose-categories", "cls": "DATA no purpose",
     "expect": ["personal-data-no-purpose", "personal-data-processor-terms"],
     "subs": [("Ses finalités sont exclusivement la prospection commerciale de l'Éditeur et le suivi des indicateurs de l'article 7. Les données traitées sont des données d'identification et de contact professionnel (nom, prénom, adresse électronique, téléphone), des données relatives à l'activité (spécialité, ville d'exercice, taille du cabinet) et la date du consentement. Les personnes concernées sont les professionnels indépendants prospectés. ", "")]},
    {"id": "data-generic-promise", "cls": "DATA no purpose",
     "expect": ["personal-data-no-purpose", "personal-data-generic-promise"],
     "subs": [("Article 10 – Protection des données personnelles\n\n10.1.", "Article 10 – Protection des données personnelles\n\nLes Parties s'engagent à respecter la réglementation applicable en matière de protection des données personnelles, notamment le RGPD, pour les fichiers de prospects échangés.\n\nSUPPRIMER_DEBUT"),
              ]},  # the rest of article 10 is cut in build_variant (marker)
    # A processor free to use « les prestataires techniques de son choix » is also subcontracting
    # without consent (catalogue DATA-007), which that rule reports.
    {"id": "data-subprocessor-free", "cls": "DATA art. 28 item missing",
     "expect": ["personal-data-processor-terms", "subcontracting-without-consent"],
     "subs": [("ne recourt à un sous-traitant ultérieur qu'avec l'autorisation écrite préalable et spécifique de l'Éditeur, lui impose les mêmes obligations par contrat et demeure pleinement responsable de son exécution ;",
               "peut recourir aux prestataires techniques de son choix pour l'exécution du traitement ;")]},
    {"id": "data-no-deletion-no-audit", "cls": "DATA art. 28 item missing",
     "expect": ["personal-data-processor-terms"],
     "subs": [("- au terme du Contrat, selon le choix de l'Éditeur, supprime toutes les données ou les lui restitue, et détruit les copies existantes, sauf obligation légale de conservation ;\n- met à la disposition de l'Éditeur toutes les informations nécessaires pour démontrer le respect de ces obligations et permet la réalisation d'audits, y compris d'inspections, par l'Éditeur ou un auditeur qu'il mandate, moyennant un préavis de quinze (15) jours calendaires.",
               "- conserve les fiches de prospects à l'issue du Contrat à des fins statistiques.")]},
    {"id": "data-no-instructions", "cls": "DATA art. 28 item missing",
     "expect": ["personal-data-processor-terms"],
     "subs": [("- ne traite les données que sur instruction documentée de l'Éditeur, y compris pour tout transfert vers un pays situé hors de l'Union européenne, et informe immédiatement l'Éditeur si une instruction lui paraît contraire à la réglementation ;\n- veille à ce que les personnes autorisées à traiter les données soient soumises à un engagement de confidentialité ;\n", "")]},
    # ---------------- intellectual property ----------------
    {"id": "ip-no-territory-duration", "cls": "IP scope (L131-3)",
     "expect": ["ip-assignment-scope"],
     "subs": [(IP_SCOPE_END, "pour les besoins de la promotion de la Solution et de la communication institutionnelle de l'Éditeur.")]},
    {"id": "ip-all-rights-blanket", "cls": "IP scope (L131-3)",
     "expect": ["ip-assignment-scope"],
     "subs": [("l'Agence cède à l'Éditeur, à titre exclusif, sur chaque Livrable Marketing identifié au bon de commande :", "l'Agence cède à l'Éditeur l'ensemble des droits de propriété intellectuelle sur chaque Livrable Marketing identifié au bon de commande.\nSUPPRIMER_DEBUT"),
              ("Le prix de la cession est compris", "SUPPRIMER_FIN Le prix de la cession est compris")]},
    {"id": "ip-owner-silent", "cls": "IP no owner",
     "expect": ["ip-no-owner"],
     "subs": [("8.2. Titularité des Livrables Marketing.", "8.2. Livrables Marketing. Les Livrables Marketing sont protégés par le droit d'auteur ; l'Éditeur s'engage à mentionner l'Agence comme auteur sur les supports diffusés.\nSUPPRIMER_DEBUT"),
              ("8.4. Garantie.", "SUPPRIMER_FIN8.4. Garantie."),
              ("qui inclut le prix de la cession de droits prévue à l'article 8", "qui inclut le droit d'utiliser ces supports")]},
    {"id": "ip-owner-to-be-agreed", "cls": "IP no owner",
     "expect": ["ip-no-owner", "agreement-to-agree"],
     "subs": [("8.2. Titularité des Livrables Marketing.", "8.2. Livrables Marketing. La titularité des droits sur les Livrables Marketing sera fixée ultérieurement d'un commun accord entre les Parties.\nSUPPRIMER_DEBUT"),
              ("8.4. Garantie.", "SUPPRIMER_FIN8.4. Garantie."),
              ("qui inclut le prix de la cession de droits prévue à l'article 8", "hors droits de propriété intellectuelle")]},
    {"id": "ip-future-creations", "cls": "IP future works",
     "expect": ["ip-future-works"],
     "subs": [("sur chaque Livrable Marketing identifié au bon de commande :", "sur toutes les créations futures qu'elle réalisera pendant la durée du Contrat :")]},
    {"id": "ip-future-all-works", "cls": "IP future works",
     "expect": ["ip-future-works"],
     "subs": [("Le prix de la cession est compris dans le prix des Livrables Marketing.",
               "L'Agence cède en outre à l'Éditeur, dans les mêmes conditions, l'ensemble des œuvres qu'elle sera amenée à créer pendant la durée du Contrat, quel qu'en soit le destinataire. Le prix de la cession est compris dans le prix des Livrables Marketing.")]},
    # ---------------- legal identity ----------------
    {"id": "leg-agency-no-rcs", "cls": "LEG no SIREN",
     "expect": ["party-identification"],
     "subs": [("immatriculée au registre du commerce et des sociétés de Marvejac sous le numéro 817 345 622, ", "")]},
    {"id": "leg-publisher-rcs-no-number", "cls": "LEG no SIREN",
     "expect": ["party-identification"],
     "subs": [("sociétés de Pontcarrel sous le numéro 902 158 732,", "sociétés de Pontcarrel,")]},
    {"id": "leg-siren-last-digit", "cls": "LEG bad Luhn",
     "expect": ["party-identification"],
     "subs": [("817 345 622", "817 345 623")]},
    {"id": "leg-siren-transposed", "cls": "LEG bad Luhn",
     "expect": ["party-identification"],
     "subs": [("902 158 732", "902158723")]},
    # ---------------- disputes ----------------
    {"id": "disp-foreign-no-law", "cls": "DISP foreign party, no law",
     "expect": ["jurisdiction-foreign-no-law"],
     "subs": [(PUBLISHER_ID, BELGIAN_ID), ("18.1. Le Contrat est régi par le droit français.\n\n", "")]},
    {"id": "control-foreign-with-law", "cls": "control (no defect)",
     "expect": [],
     "subs": [(PUBLISHER_ID, BELGIAN_ID)]},
    {"id": "amicable-no-deadlines", "cls": "DISP amicable step, no period",
     "expect": ["mediation-no-period"],
     "subs": [("Les dirigeants des Parties se réunissent dans les quinze (15) jours calendaires suivant cette notification.", "Les dirigeants des Parties se réunissent afin de rechercher une solution."),
              ("À défaut d'accord dans un délai de quarante-cinq (45) jours calendaires à compter de la notification, chaque", "À défaut d'accord, chaque")]},
    {"id": "amicable-bare-mediation", "cls": "DISP amicable step, no period",
     "expect": ["mediation-no-period"],
     "subs": [(ART17_BODY, "Avant toute action en justice, les Parties soumettent leur différend à un médiateur qu'elles désignent d'un commun accord. Le juge ne peut être saisi qu'après l'échec de la médiation, constaté par écrit par le médiateur, sauf en référé.\n\n")]},
    {"id": "amicable-article-removed", "cls": "family removed",
     "expect": ["missing-clause", "numbering-gap"],
     "subs": [("Article 17 – Règlement amiable des différends\n\n" + ART17_BODY, ""),
              ("À défaut de règlement amiable dans les conditions de l'article 17, tout litige", "Tout litige")]},
    {"id": "law-forum-article-removed", "cls": "family removed",
     "expect": ["missing-clause"],  # the next article is renumbered: no gap
     "subs": [("Article 18 – Droit applicable et juridiction compétente\n\n18.1. Le Contrat est régi par le droit français.\n\n", "SUPPRIMER_DEBUT"),
              ("Article 19 – Dispositions générales", "SUPPRIMER_FINArticle 18 – Dispositions générales"),
              ("19.1. Intégralité.", "18.1. Intégralité."), ("19.2. Force majeure.", "18.2. Force majeure."),
              ("19.3. Cession du Contrat.", "18.3. Cession du Contrat."), ("19.4. Notifications.", "18.4. Notifications."),
              ("19.5. Conformité.", "18.5. Conformité."),
              ("Les articles 8, 9, 11, 12 et 18 survivent", "Les articles 8, 9, 11 et 12 survivent")]},
    # ---------------- duration / termination ----------------
    {"id": "renewal-no-notice", "cls": "TERM renewal without notice",
     "expect": ["renewal-no-notice"],
     "subs": [(RENEWAL, "il est renouvelé par tacite reconduction pour des périodes successives d'un (1) an.")]},
    {"id": "renewal-year-to-year", "cls": "TERM renewal without notice",
     "expect": ["renewal-no-notice"],
     "subs": [(RENEWAL, "il se renouvelle ensuite tacitement d'année en année, sauf dénonciation par l'une des Parties.")]},
    {"id": "termination-anytime", "cls": "TERM no termination notice",
     "expect": ["termination-no-notice"],
     "subs": [(TERM_CONV, "chaque Partie peut résilier le Contrat à tout moment et sans préavis, sans avoir à justifier d'un motif.")]},
    {"id": "termination-immediate-email", "cls": "TERM no termination notice",
     "expect": ["termination-no-notice"],
     "subs": [(TERM_CONV, "chaque Partie peut mettre fin au Contrat par simple courrier électronique, avec effet immédiat, sans avoir à justifier d'un motif.")]},
    # ---------------- KPI ----------------
    {"id": "kpi-no-review-period", "cls": "KPI no review period",
     "expect": ["kpi-no-review-period"],
     "subs": [("se réunit une fois par trimestre pour revoir les indicateurs", "se réunit à la demande de l'une des Parties pour revoir les indicateurs"),
              ("Une fois par an, il dresse un bilan complet du partenariat. ", ""),
              ("il transmet à l'Agence un tableau de bord trimestriel au plus tard le quinzième (15e) jour suivant la fin de chaque trimestre.", "il transmet à l'Agence un tableau de bord avant chaque réunion.")]},
    {"id": "kpi-no-owner", "cls": "KPI no owner",
     "expect": ["kpi-no-owner"],
     "subs": [("7.2. Collecte et mesure. L'Éditeur est responsable de la collecte des données des indicateurs, qu'il extrait de son outil de gestion commerciale et de sa facturation ; il transmet à l'Agence un tableau de bord trimestriel au plus tard le quinzième (15e) jour suivant la fin de chaque trimestre. L'Agence peut contester les chiffres par écrit dans les dix (10) jours ouvrés de leur réception.\n\n", "")]},
    {"id": "kpi-no-corrective-action", "cls": "KPI no corrective action",
     "expect": ["kpi-no-corrective-action"],
     "subs": [("7.4. Mesures correctives.", "SUPPRIMER_DEBUT"),
              ("Article 8 – Propriété intellectuelle", "SUPPRIMER_FINArticle 8 – Propriété intellectuelle"),
              ("15.3. Résiliation pour objectifs non atteints.", "SUPPRIMER_DEBUT"),
              ("15.4. Conséquences.", "SUPPRIMER_FIN15.3. Conséquences.")]},
    # ---------------- document-level ----------------
    {"id": "placeholder-bullet", "cls": "placeholder",
     "expect": ["placeholder"],
     "subs": [("au capital de 80 000 euros", "au capital de [●] euros")]},
    {"id": "placeholder-xx-days", "cls": "placeholder",
     "expect": ["placeholder"],
     "subs": [("payables par virement à trente (30) jours", "payables par virement à XX jours")]},
    {"id": "placeholder-a-completer", "cls": "placeholder",
     "expect": ["placeholder"],
     "subs": [("tribunal de commerce de Pontcarrel", "tribunal de commerce de [à compléter]")]},
    {"id": "dangling-subarticle", "cls": "dangling reference",
     "expect": ["dangling-reference"],
     "subs": [("Dans le cas prévu à l'article 7.4,", "Dans le cas prévu à l'article 7.6,")]},
    {"id": "dangling-article", "cls": "dangling reference",
     "expect": ["dangling-reference"],
     "subs": [("dans les conditions de l'article 17, tout litige", "dans les conditions de l'article 21, tout litige")]},
    {"id": "dangling-annex", "cls": "dangling reference",
     "expect": ["dangling-reference"],
     "subs": [("10.4. Hébergement. Les données sont hébergées exclusivement dans l'Union européenne.", "10.4. Hébergement. Les données sont hébergées exclusivement dans l'Union européenne, dans les centres de données listés à l'Annexe 3.")]},
    {"id": "amount-words-figures", "cls": "amount mismatch",
     "expect": ["amount-mismatch"],
     "subs": [("vingt-quatre mille euros (24 000 €)", "vingt-quatre mille euros (42 000 €)")]},
    {"id": "amount-words-short", "cls": "amount mismatch",
     "expect": ["amount-mismatch"],
     "subs": [("vingt-quatre mille euros (24 000 €)", "deux mille quatre cents euros (24 000 €)")]},
    {"id": "vague-meilleurs-delais", "cls": "vague delay",
     "expect": ["vague-term"],
     "subs": [("traiter chaque prospect transmis par l'Agence dans un délai de deux (2) jours ouvrés", "traiter chaque prospect transmis par l'Agence dans les meilleurs délais")]},
    {"id": "vague-des-que-possible", "cls": "vague delay",
     "expect": ["vague-term"],
     "subs": [("réaliser les Livrables Marketing commandés dans les délais fixés par chaque bon de commande", "réaliser les Livrables Marketing commandés dès que possible")]},
    # ---------------- objectives ----------------
    {"id": "obj-qualitative-only", "cls": "OBJ no measurable objective",
     "expect": ["scope-no-measurable-objective"],
     "subs": [("a) atteindre deux cent quarante (240) Abonnements actifs souscrits par des Clients Apportés au 31 décembre 2026, puis quatre cent cinquante (450) au 31 décembre 2027 ;\n\nb) générer au moins cent cinquante (150) fiches de prospects qualifiés par trimestre civil à compter du deuxième trimestre 2026 ;\n\nc) maintenir un taux de conversion des prospects qualifiés en Abonnements d'au moins huit pour cent (8 %) sur chaque semestre civil.",
               "a) développer la notoriété de la Solution auprès des professionnels indépendants du territoire ;\n\nb) accroître significativement le nombre d'Abonnements souscrits par des Clients Apportés ;\n\nc) améliorer la qualité des prospects transmis."),
              ("Les Parties poursuivent les objectifs chiffrés suivants", "Les Parties poursuivent les objectifs suivants")]},
    # ---------------- payment ----------------
    {"id": "pay-ninety-days-eom", "cls": "PAY term over the ceiling",
     "expect": ["payment-term-too-long"],
     "subs": [(PAYMENT_TERM, "payables par virement à quatre-vingt-dix (90) jours fin de mois")]},
    {"id": "pay-forty-five-eom-ok", "cls": "control",
     "expect": [],
     "subs": [(PAYMENT_TERM, "payables par virement à quarante-cinq (45) jours fin de mois")]},
    {"id": "pay-penalty-legal-rate", "cls": "PAY penalty below the floor",
     "expect": ["late-penalty-below-minimum"],
     "subs": [(PENALTY_RATE, "des pénalités au taux d'intérêt légal")]},
    {"id": "pay-penalty-three-times-ok", "cls": "control",
     "expect": [],
     "subs": [(PENALTY_RATE, "des pénalités égales à trois fois le taux d'intérêt légal")]},
    {"id": "pay-commission-to-agree", "cls": "agreement to agree",
     "expect": ["agreement-to-agree"],
     "subs": [("une commission égale à vingt-cinq pour cent (25 %) des Revenus Nets", "une commission, dont le taux sera fixé d'un commun accord ultérieurement, sur les Revenus Nets")]},
    {"id": "conf-perpetual", "cls": "CONF perpetual",
     "expect": ["confidentiality-perpetual"],
     "subs": [("9.4. Ces obligations s'appliquent pendant toute la durée du Contrat et pendant cinq (5) ans après son expiration ou sa résiliation, quelle qu'en soit la cause.", "9.4. Chaque Partie garde ces informations secrètes à perpétuité.")]},
    {"id": "ip-moral-right-waived", "cls": "IP moral right",
     "expect": ["moral-rights-waiver"],
     "subs": [("Le prix de la cession est compris dans le prix des Livrables Marketing.", "Le prix de la cession est compris dans le prix des Livrables Marketing. L'Agence renonce à exercer son droit moral sur les Livrables Marketing.")]},
    {"id": "evo-unilateral-change", "cls": "EVO unilateral modification",
     "expect": ["unilateral-modification"],
     "subs": [("16.1. Toute modification du Contrat fait l'objet d'un avenant écrit signé par les représentants habilités des deux Parties. Les échanges de courriers électroniques et les comptes rendus du comité de pilotage ne valent pas avenant.", "16.1. L'Éditeur se réserve le droit de modifier les présentes conditions à tout moment.")]},
    # ---------------- evolution ----------------
    {"id": "evolution-article-removed", "cls": "family removed",
     "expect": ["missing-clause", "numbering-gap"],
     "subs": [(ART16_START, "SUPPRIMER_DEBUT"),
              ("Article 17 – Règlement amiable", "SUPPRIMER_FINArticle 17 – Règlement amiable")]},
]


def build_variant(base: str, defect: dict) -> tuple[str | None, str]:
    """Apply the substitutions; SUPPRIMER_DEBUT…SUPPRIMER_FIN (or …next article for
    data-generic-promise) marks a span to cut. Returns (text, problem)."""
    text = base
    for old, new in defect["subs"]:
        n = text.count(old)
        if n != 1:
            return None, f"substitution source found {n} times: {old[:70]!r}"
        text = text.replace(old, new)
    while "SUPPRIMER_DEBUT" in text:
        start = text.index("SUPPRIMER_DEBUT")
        if "SUPPRIMER_FIN" in text[start:]:
            end = text.index("SUPPRIMER_FIN", start) + len("SUPPRIMER_FIN")
        else:  # cut to the next article heading
            end = text.index("\nArticle ", start) + 1
        text = text[:start] + text[end:]
    return text, ""


def key(f: dict) -> tuple[str, str]:
    return f["rule"], " ".join((f.get("excerpt") or "").split())


def run_audit(folder: Path) -> dict[str, list[dict]]:
    exe = ROOT / ".venv" / "bin" / "clausier"
    cmd = [str(exe) if exe.exists() else "clausier", "audit", str(folder), "--format", "json",
           "--fail-on", "never", "--no-cache", "-q"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if not out.stdout.strip():
        print("clausier produced no output:\n" + out.stderr, file=sys.stderr)
        return {}
    report = json.loads(out.stdout)
    res = {}
    for doc in report["documents"]:
        if doc.get("error"):
            print(f"  ! {Path(doc['path']).name}: {doc['error']}")
        res[Path(doc["path"]).stem] = doc.get("findings") or []
    return res


def short(s: str, n: int = 110) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="write the variants to DIR and keep them")
    ap.add_argument("--only", nargs="*", help="only these variant ids")
    ap.add_argument("--json", type=Path, help="write the detailed results as JSON")
    args = ap.parse_args()

    base = BASE.read_text(encoding="utf-8")
    defects = [d for d in DEFECTS if not args.only or d["id"] in args.only]
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="planted-"))
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "base.txt").write_text(base, encoding="utf-8")
    broken = {}
    for d in defects:
        text, problem = build_variant(base, d)
        if text is None:
            broken[d["id"]] = problem
            continue
        (tmp / f"{d['id']}.txt").write_text(text, encoding="utf-8")

    results = run_audit(tmp)
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    if "base" not in results:
        print("base was not audited; aborting")
        return 0

    base_f = results["base"]
    base_keys = Counter(key(f) for f in base_f)
    print(f"== (a) clean base: {len(base_f)} finding(s)")
    for f in base_f:
        verdict = BASE_VERDICTS.get(f["rule"], "UNJUDGED: treat as a false alarm until reviewed")
        print(f"  {f['rule']} [{f['severity']}] « {short(f.get('excerpt'))} »\n    -> {verdict}")

    per_rule = defaultdict(lambda: [0, 0])  # rule -> [caught, total]
    misses, false_alarms, rows = [], [], []
    for d in defects:
        vid = d["id"]
        if vid in broken:
            print(f"  BROKEN PLANT {vid}: {broken[vid]}")
            continue
        findings = results.get(vid, [])
        remaining = base_keys.copy()
        new = []
        for f in findings:  # multiset difference with the base
            k = key(f)
            if remaining[k] > 0:
                remaining[k] -= 1
            else:
                new.append(f)
        new_rules = {f["rule"] for f in new}
        status = []
        for rule in d["expect"]:
            ok = rule in new_rules
            per_rule[rule][1] += 1
            per_rule[rule][0] += ok
            status.append(f"{rule}:{'caught' if ok else 'MISSED'}")
            if not ok:
                masked = any(f["rule"] == rule for f in findings)
                misses.append((vid, rule, d["cls"], masked))
        fa = [f for f in new if f["rule"] not in d["expect"]]
        for f in fa:
            false_alarms.append((vid, f))
        rows.append({"id": vid, "class": d["cls"], "expect": d["expect"], "status": status,
                     "new_findings": [{"rule": f["rule"], "severity": f["severity"],
                                       "excerpt": f.get("excerpt"), "message": f.get("message")}
                                      for f in new]})

    print("\n== (b) per variant")
    for r in rows:
        tag = "; ".join(r["status"]) or "control"
        extra = sorted({f["rule"] for f in r["new_findings"] if f["rule"] not in r["expect"]})
        print(f"  {r['id']:<30} {tag}" + (f"  + unexpected: {', '.join(extra)}" if extra else ""))

    total = sum(t for _, t in per_rule.values())
    caught = sum(c for c, _ in per_rule.values())
    print("\n== summary per rule (caught/total)")
    for rule, (c, t) in sorted(per_rule.items()):
        print(f"  {rule:<34} {c}/{t}")
    print(f"\n  CAUGHT {caught}/{total} expected detections over {len(rows)} variants"
          f" ({len(broken)} broken plants); FALSE ALARMS {len(false_alarms)};"
          f" base findings {len(base_f)}")
    if misses:
        print("\n== misses")
        for vid, rule, cls, masked in misses:
            print(f"  {vid}: {rule} ({cls})" + ("  [fires only with the base's own finding]" if masked else ""))
    if false_alarms:
        print("\n== (c) false alarms (new findings neither on the base nor expected)")
        for vid, f in false_alarms:
            print(f"  {vid}: {f['rule']} [{f['severity']}] « {short(f.get('excerpt'))} »"
                  f"\n      {short(f.get('message'), 160)}")
    if args.json:
        args.json.write_text(json.dumps({"base": base_f, "variants": rows, "broken": broken},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark never fails the build
        print(f"benchmark error: {exc!r}", file=sys.stderr)
    sys.exit(0)
