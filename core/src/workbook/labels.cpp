#include "workbook/labels.hpp"

#include <cmath>

namespace munidash {

namespace {

workbook_labels french() {
    workbook_labels l;
    l.french = true;
    l.summary_sheet = "Synthèse";
    l.peers_sheet = "Groupes de pairs";
    l.methodology_sheet = "Méthodologie";
    l.code = "Code INSEE";
    l.town = "Commune";
    l.department = "Département";
    l.population = "Population";
    l.peer_group = "Groupe de pairs";
    l.value = "Valeur";
    l.rank_of = "Rang sur ";
    l.peer_median = "Médiane du groupe";
    l.towns_count = "Communes";
    l.whole_selection = "Ensemble des communes comparées";
    l.towns_compared = " communes comparées";
    l.departments_word = "départements";
    l.how_to_read =
        "Lecture : rang 1 = situation la plus favorable pour l'indicateur. Couleurs : vert = plus "
        "favorable, rouge = moins favorable (le rang dit la même chose). Valeur suivie "
        "d'une lettre entre parenthèses : valeur signalée (légende ci-dessous et dans la Méthodologie). Case vide "
        ": donnée manquante.";
    l.group_range = "{min} à moins de {max} hab.";
    l.group_last_range = "{min} à {max} hab.";
    l.all_sizes = "Toutes tailles";
    l.no_epci = "Sans EPCI";
    l.other_towns = "Autres communes";
    l.medians_title = "Médiane de chaque indicateur par groupe de pairs (taille de commune)";
    l.chart_axis = "Médiane";
    l.methodology_title = "Méthodologie : définitions, sources et méthodes";
    l.indicator_id = "Identifiant";
    l.label = "Indicateur";
    l.unit = "Unité";
    l.direction = "Sens";
    l.definition = "Définition";
    l.parameters = "Paramètres";
    l.plugin = "Module de calcul";
    l.plugin_version = "Version";
    l.sources = "Sources";
    l.higher_better = "plus élevé = plus favorable";
    l.lower_better = "plus bas = plus favorable";
    l.illustrative = "VALEURS ILLUSTRATIVES";
    l.methods_title = "Méthodes";
    l.peer_methods = {
        "Groupes de pairs : communes de taille comparable, par tranches de population ; chaque "
        "tranche inclut sa borne basse et exclut sa borne haute, sauf la dernière.",
        "Groupes de pairs : communes du même département.",
        "Groupes de pairs : communes du même EPCI (intercommunalité).",
        "Groupes de pairs : groupes de communes définis par l'association ; les autres communes "
        "forment le groupe « Autres communes ».",
    };
    l.methods = {
        "Sélection : communes de la liste de référence qui remplissent tous les critères du rapport "
        "(population, départements, régions, EPCI, codes) ; les communes exclues ne sont jamais retenues.",
        "Rang : 1 = valeur la plus favorable selon le sens de l'indicateur ; les ex aequo partagent "
        "le meilleur rang et le rang suivant est sauté (1, 2, 2, 4) ; une commune sans valeur n'est "
        "pas classée.",
        "Médiane : valeur du milieu des communes qui ont une valeur (moyenne des deux valeurs du "
        "milieu pour un nombre pair) ; les données manquantes sont ignorées.",
    };
    l.capped_method =
        "Valeurs plafonnées, marquées (p) : une couverture calculée au-delà de 100 % (plus de locaux "
        "raccordables que de locaux recensés) est ramenée à 100 %.";
    l.composite_sheet = "Indice composite";
    l.comparisons_sheet = "Comparaisons";
    l.score = "Indice";
    l.rank_range_title = "Rang possible (90 % des tirages)";
    l.rank_range = "rang {low} à {high} sur {n}";
    l.coverage = "Part des poids renseignée";
    l.not_scored = "non classée : données insuffisantes";
    l.composite_intro = "L'indice combine les indicateurs ramenés sur une même échelle (plus haut = plus "
                        "favorable), pondérés dans chaque axe puis entre les axes.";
    l.axis = "Axe";
    l.weight = "Poids";
    l.normalised_score = "Score normalisé";
    l.imputed_note = "Valeurs marquées (i) : imputées (médiane du groupe de pairs).";
    l.normalisation_text = {
        "min-max : 100 × (valeur − minimum) ÷ (maximum − minimum) sur les communes comparées",
        "score z : (valeur − moyenne) ÷ écart-type",
        "rang : 100 × (n − rang) ÷ (n − 1)",
        "centile : part des autres communes dont la valeur est moins favorable, × 100",
        "bornes fixes : 100 × (valeur − borne basse) ÷ (borne haute − borne basse), entre 0 et 100",
        "indice : 100 × valeur ÷ valeur de l'ensemble des communes comparées (= 100) ; quand plus bas est "
        "plus favorable, 100 × (2 − valeur ÷ valeur de l'ensemble)"};
    l.aggregation_text = {"moyenne arithmétique pondérée", "moyenne géométrique pondérée (scores ramenés entre 1 et 100)"};
    l.imputation_none = "Valeurs manquantes : non remplacées ; la commune est notée sur les autres indicateurs.";
    l.imputation_peer_median = "Valeurs manquantes : remplacées par la médiane du groupe de pairs et signalées.";
    l.coverage_rule = "Une commune n'est notée que si ses indicateurs renseignés pèsent au moins {share} des poids.";
    l.robustness_text = "Robustesse : {draws} tirages (graine {seed}), le premier étant l'indice tel quel, les autres "
                        "faisant varier chaque poids de ±{variation} et la méthode ({methods}) ; le rang possible va "
                        "du 5e au 95e centile des rangs obtenus, élargi au rang de l'indice quand celui-ci en sort.";
    l.change_since = "Évolution depuis ";
    l.cover_sheet = "Couverture";
    l.quality_sheet = "Qualité des données";
    l.contents = "Sommaire";
    l.produced_on = "Produit le ";
    l.town_title_population = "Département {department} — {population} habitants — groupe de pairs : {group} ({count} communes)";
    l.profile_title = "Profil : la commune (score 0-100, 100 = le plus favorable) et la médiane de son groupe";
    l.versus_peers_title = "La commune et la médiane de ses pairs (score 0-100, 100 = le plus favorable)";
    l.town_score = "Score 0-100 de la commune";
    l.peer_score = "Score médian du groupe";
    l.composite_line = "{label} : {score} — rang {rank} sur {n}";
    l.cover_reading = {
        "Ce classeur compare chaque commune aux communes de taille comparable (son groupe de pairs) et à "
        "l'ensemble des communes retenues, indicateur par indicateur.",
        "Pour chaque indicateur, le rang 1 désigne la situation la plus favorable ; le sens (plus élevé ou plus "
        "bas = plus favorable) est indiqué dans la méthodologie. Les couleurs répètent ce que disent les rangs.",
        "Une case vide signale une donnée manquante ; une valeur suivie d'une lettre entre parenthèses est "
        "signalée (légende sur la Synthèse et dans la Méthodologie).",
    };
    l.sheet_descriptions = {
        "cette page",
        "une ligne par commune : valeurs, rangs et médianes des groupes de pairs",
        "l'indice composite, son rang et sa robustesse",
        "les médianes par groupe de pairs, en tableaux et en graphiques",
        "le détail commune par commune et indicateur par indicateur",
        "la fiche de la commune",
        "valeurs manquantes et signalées, lignes écartées",
        "définitions, sources et méthodes",
    };
    l.quality_title = "Qualité des données : valeurs manquantes, signalées et lignes écartées";
    l.quality_intro = "Pour chaque indicateur, le nombre de communes avec une valeur, sans valeur, et avec une "
                      "valeur signalée ; pour chaque source, les lignes lues et écartées.";
    l.with_value = "Avec une valeur";
    l.missing = "Sans valeur";
    l.coverage_share = "Part renseignée";
    l.rows_title = "Sources : lignes lues et écartées";
    l.indicator = "Indicateur";
    l.rank = "Rang";
    l.flag = "Signal";
    l.percentile = "Centile (100 = meilleur)";
    l.peer_q1 = "1er quartile du groupe";
    l.peer_q3 = "3e quartile du groupe";
    l.gap_to_median = "Écart à la médiane du groupe";
    l.department_value = "Communes sélectionnées du département";
    l.whole_department_value = "Toutes les communes du département";
    l.selection_value = "Valeur de l'ensemble";
    l.target = "Cible";
    l.to_target = "Reste à faire";
    l.comparisons_title = "Comparaisons détaillées : chaque commune, chaque indicateur";
    l.comparisons_intro = "Une ligne par commune et par indicateur. Les valeurs de groupe, de département et "
                          "de l'ensemble sont des ratios de sommes quand l'indicateur fournit ses effectifs.";
    l.flags = {
        {value_flag::missing, "manquante", "", ""},
        {value_flag::capped, "plafonnée", "(p)", "plafonnée (valeur calculée hors de l'intervalle possible, ramenée à sa borne)"},
        {value_flag::imputed, "imputée", "(i)", "imputée (estimée d'après les autres communes)"},
        {value_flag::censored, "secret statistique", "(s)", "secret statistique (le producteur ne publie pas la valeur)"},
        {value_flag::estimate, "estimation", "(e)", "estimation (et non mesure)"},
        {value_flag::declared, "déclarée par la commune", "(d)",
         "déclarée par la commune (sa réponse à la demande de l'association)"},
        {value_flag::prefilled, "pré-remplie, non confirmée", "(n)",
         "pré-remplie, non confirmée (valeur proposée à la commune, ni modifiée ni confirmée)"},
    };
    l.flag_legend_title = "Valeurs signalées : ";
    l.town_charts_alt = "Graphique en barres : score de 0 à 100 (100 = le plus favorable) de {town} pour chaque "
                        "indicateur, à côté du score médian de son groupe de pairs. Les valeurs sont dans le tableau "
                        "au-dessus.";
    l.profile_alt = "Graphique en radar : profil de {town}, score de 0 à 100 de chaque indicateur, et le profil "
                    "médian de son groupe de pairs. Les valeurs sont dans le tableau au-dessus.";
    l.peer_chart_alt = "Graphique en colonnes : médiane de « {indicator} » ({unit}) dans chaque groupe de pairs, "
                       "pour les {count} communes comparées. Les valeurs sont dans le tableau au-dessus.";
    l.mapped_title = "Codes d'une autre année : lignes attribuées aux communes d'aujourd'hui";
    l.mapped_intro = "Une source publiée avant une fusion de communes donne une ligne par ancienne commune : chaque "
                     "ligne compte pour la commune qui porte son territoire aujourd'hui, et les effectifs s'additionnent. "
                     "« Territoire modifié » : la commune existe encore, mais une partie de son ancien territoire est "
                     "redevenue une commune ; une ligne antérieure au changement la couvre aussi.";
    l.set_aside_title = "Lignes écartées, et pourquoi";
    l.returns_title = "Réponses des communes";
    l.returns_answered = "a répondu";
    l.returns_refused = "fichier refusé";
    l.returns_no_answer = "pas de réponse";
    l.return_status = "Réponse";
    l.return_file = "Fichier";
    l.return_date = "Date du fichier";
    l.return_why = "Motif du refus";
    l.source_column = "Source et date";
    l.builtin_reference = "liste des communes intégrée à munidash (communes au 1er janvier 2026 et historique de "
                          "leurs codes, @etalab/decoupage-administratif 6.0.0, d'après le Code officiel "
                          "géographique de l'INSEE ; populations municipales légales)";
    l.stale_before = "antérieure de ";
    l.stale_after = " ans à la période";
    l.stale_warning_source = "Attention, donnée ancienne : ";
    l.source_word = "Source";
    l.line = "Ligne du fichier";
    l.code_in_file = "Code dans le fichier";
    l.former_name = "Ancienne commune";
    l.commune_today = "Commune aujourd'hui";
    l.change = "Changement";
    l.change_year = "Année du changement";
    l.reason = "Raison";
    l.change_kinds = {"commune fusionnée", "arrondissement municipal", "ambigu", "territoire modifié"};
    l.set_aside_reasons = {
        "pas un code commune INSEE",
        "code absent de la liste de référence, sans historique connu",
        "ancien code que l'historique attribue à plusieurs communes",
        "ville entière, alors que la liste de référence la donne par arrondissement",
        "doublon d'une ligne précédente (mêmes valeurs ou aucune)",
        "ancien code, et la source lit les codes tels quels (map_codes: false)",
        "ancien code d'une commune que la liste de référence, plus ancienne, donne en plusieurs parties",
    };
    l.comparison_methods = {
        "Centile : part des autres communes dont la valeur est moins favorable (les ex aequo comptent pour "
        "moitié), de 0 à 100.",
        "Quartiles : interpolation linéaire entre les valeurs classées (méthode de QUARTILE.INCLURE).",
        "Valeur d'un groupe, d'un département ou de l'ensemble : somme des numérateurs ÷ somme des "
        "dénominateurs quand l'indicateur les fournit (par exemple locaux raccordables ÷ locaux), sinon la "
        "médiane ; jamais une moyenne de taux.",
        "Département : « Communes sélectionnées du département » ne compte que les communes retenues par ce "
        "classeur ; « Toutes les communes du département » compte toutes celles de la liste de référence, "
        "calculées de la même façon.",
        "Codes d'une autre année : une source publiée avant une fusion de communes donne une ligne par ancienne "
        "commune ; chaque ligne compte pour la commune d'aujourd'hui (liste des communes et historique des codes "
        "de @etalab/decoupage-administratif 6.0.0, d'après le Code officiel géographique de l'INSEE), les "
        "effectifs s'additionnent, et la feuille « Qualité des données » liste chaque ligne ainsi attribuée ou "
        "écartée.",
    };
    l.generated_by = "Produit par munidash ";
    l.failed_indicator = " — CALCUL EN ÉCHEC";
    l.rows_read = "lignes lues";
    l.rows_without_code = "sans code commune valide (écartées)";
    l.rows_outside_reference = "écartées pour une autre raison (hors de la liste de référence, doublon, ambiguë...)";
    l.failure_prefix = "CALCUL EN ÉCHEC, indicateur non calculé : ";
    l.page = "Page &P sur &N";
    l.colon = " : ";  // French typography: a space before the colon and the semicolon
    l.semicolon = " ; ";
    return l;
}

workbook_labels english() {
    workbook_labels l;
    l.french = false;
    l.summary_sheet = "Summary";
    l.peers_sheet = "Peer groups";
    l.methodology_sheet = "Methodology";
    l.code = "INSEE code";
    l.town = "Town";
    l.department = "Department";
    l.population = "Population";
    l.peer_group = "Peer group";
    l.value = "Value";
    l.rank_of = "Rank of ";
    l.peer_median = "Peer-group median";
    l.towns_count = "Towns";
    l.whole_selection = "All towns compared";
    l.towns_compared = " towns compared";
    l.departments_word = "departments";
    l.how_to_read =
        "How to read: rank 1 = the most favourable value of the indicator. Colours: green = more "
        "favourable, red = less favourable (the rank says the same). A value followed by "
        "a letter in brackets: flagged value (legend below and in the Methodology). Empty cell: missing data.";
    l.group_range = "{min} to under {max} inhabitants";
    l.group_last_range = "{min} to {max} inhabitants";
    l.all_sizes = "All sizes";
    l.no_epci = "No EPCI";
    l.other_towns = "Other towns";
    l.medians_title = "Median of each indicator per peer group (town size)";
    l.chart_axis = "Median";
    l.methodology_title = "Methodology: definitions, sources and methods";
    l.indicator_id = "Id";
    l.label = "Indicator";
    l.unit = "Unit";
    l.direction = "Direction";
    l.definition = "Definition";
    l.parameters = "Parameters";
    l.plugin = "Plugin";
    l.plugin_version = "Version";
    l.sources = "Sources";
    l.higher_better = "higher is better";
    l.lower_better = "lower is better";
    l.illustrative = "ILLUSTRATIVE VALUES";
    l.methods_title = "Methods";
    l.peer_methods = {
        "Peer groups: towns of comparable size, by population band; each band includes its lower "
        "limit and excludes its upper limit, except the last one.",
        "Peer groups: the towns of the same department.",
        "Peer groups: the towns of the same EPCI (intercommunality).",
        "Peer groups: groups of towns defined by the association; the other towns form the group "
        "'Other towns'.",
    };
    l.methods = {
        "Selection: the towns of the reference list that meet every criterion of the report "
        "(population, departments, regions, EPCI, codes); excluded towns are never kept.",
        "Rank: 1 = the most favourable value given the indicator's direction; ties share the best "
        "rank and the next rank is skipped (1, 2, 2, 4); a town without a value is not ranked.",
        "Median: the middle value of the towns that have a value (the mean of the two middle "
        "values for an even count); missing data are ignored.",
    };
    l.capped_method =
        "Capped values, marked (c): a coverage computed above 100 % (more premises that can get "
        "fibre than premises counted) is brought back to 100 %.";
    l.composite_sheet = "Composite index";
    l.comparisons_sheet = "Comparisons";
    l.score = "Index";
    l.rank_range_title = "Possible rank (90 % of draws)";
    l.rank_range = "rank {low} to {high} of {n}";
    l.coverage = "Share of the weights with data";
    l.not_scored = "not ranked: not enough data";
    l.composite_intro = "The index combines the indicators brought to one scale (higher = more favourable), "
                        "weighted within each axis, then across axes.";
    l.axis = "Axis";
    l.weight = "Weight";
    l.normalised_score = "Normalised score";
    l.imputed_note = "Values marked (i): imputed (peer-group median).";
    l.normalisation_text = {
        "min-max: 100 × (value − minimum) ÷ (maximum − minimum) over the towns compared",
        "z-score: (value − mean) ÷ standard deviation",
        "rank: 100 × (n − rank) ÷ (n − 1)",
        "percentile: share of the other towns with a less favourable value, × 100",
        "goalposts: 100 × (value − low) ÷ (high − low), between 0 and 100",
        "index: 100 × value ÷ the value of all towns compared (= 100); when lower is better, "
        "100 × (2 − value ÷ that value)"};
    l.aggregation_text = {"weighted arithmetic mean", "weighted geometric mean (scores brought between 1 and 100)"};
    l.imputation_none = "Missing values: not replaced; the town is scored on its other indicators.";
    l.imputation_peer_median = "Missing values: replaced by the peer-group median, and flagged.";
    l.coverage_rule = "A town is scored only if its indicators with data carry at least {share} of the weights.";
    l.robustness_text = "Robustness: {draws} draws (seed {seed}), the first being the index as it is, the others "
                        "varying each weight by ±{variation} and the method ({methods}); the possible rank runs from "
                        "the 5th to the 95th percentile of the ranks, widened to the index's rank when it falls outside.";
    l.change_since = "Change since ";
    l.cover_sheet = "Cover";
    l.quality_sheet = "Data quality";
    l.contents = "Contents";
    l.produced_on = "Produced on ";
    l.town_title_population = "Department {department} — {population} inhabitants — peer group: {group} ({count} towns)";
    l.profile_title = "Profile: the town (score 0-100, 100 = most favourable) and its peer group's median";
    l.versus_peers_title = "The town and its peers' median (score 0-100, 100 = most favourable)";
    l.town_score = "Town's score 0-100";
    l.peer_score = "Peer group's median score";
    l.composite_line = "{label}: {score} — rank {rank} of {n}";
    l.cover_reading = {
        "This workbook compares each town with towns of comparable size (its peer group) and with all the towns "
        "selected, indicator by indicator.",
        "For each indicator, rank 1 is the most favourable situation; the direction (higher or lower is better) "
        "is given in the methodology. Colours repeat what the ranks say.",
        "An empty cell is missing data; a value followed by a letter in brackets is flagged (legend on the "
        "Summary and in the Methodology).",
    };
    l.sheet_descriptions = {
        "this page",
        "one row per town: values, ranks and peer-group medians",
        "the composite index, its rank and its robustness",
        "medians per peer group, in tables and charts",
        "the detail, town by town and indicator by indicator",
        "the town's page",
        "missing and flagged values, rows set aside",
        "definitions, sources and methods",
    };
    l.quality_title = "Data quality: missing values, flagged values and rows set aside";
    l.quality_intro = "For each indicator, the number of towns with a value, without one, and with a flagged "
                      "value; for each source, the rows read and set aside.";
    l.with_value = "With a value";
    l.missing = "Without a value";
    l.coverage_share = "Share with data";
    l.rows_title = "Sources: rows read and set aside";
    l.indicator = "Indicator";
    l.rank = "Rank";
    l.flag = "Flag";
    l.percentile = "Percentile (100 = best)";
    l.peer_q1 = "Peer-group 1st quartile";
    l.peer_q3 = "Peer-group 3rd quartile";
    l.gap_to_median = "Gap to the peer median";
    l.department_value = "Selected towns of the department";
    l.whole_department_value = "All the department's towns";
    l.selection_value = "All towns value";
    l.target = "Target";
    l.to_target = "Left to reach the target";
    l.comparisons_title = "Detailed comparisons: every town, every indicator";
    l.comparisons_intro = "One row per town and indicator. Group, department and all-towns values are ratios of "
                          "sums when the indicator gives its counts.";
    l.flags = {
        {value_flag::missing, "missing", "", ""},
        {value_flag::capped, "capped", "(c)", "capped (computed outside the possible range, brought back to its bound)"},
        {value_flag::imputed, "imputed", "(i)", "imputed (estimated from other towns)"},
        {value_flag::censored, "statistical secret", "(s)", "statistical secret (the producer does not publish the value)"},
        {value_flag::estimate, "estimate", "(e)", "estimate (not a measure)"},
        {value_flag::declared, "declared by the town", "(d)", "declared by the town (its answer to the association's request)"},
        {value_flag::prefilled, "pre-filled, not confirmed", "(u)",
         "pre-filled, not confirmed (the value offered to the town, neither changed nor confirmed)"},
    };
    l.flag_legend_title = "Flagged values: ";
    l.town_charts_alt = "Bar chart: the 0-100 score (100 = most favourable) of {town} for each indicator, beside "
                        "its peer group's median score. The values are in the table above.";
    l.profile_alt = "Radar chart: the profile of {town}, its 0-100 score for each indicator, and its peer group's "
                    "median profile. The values are in the table above.";
    l.peer_chart_alt = "Column chart: the median of \"{indicator}\" ({unit}) in each peer group, for the {count} "
                       "towns compared. The values are in the table above.";
    l.mapped_title = "Codes of another year: rows attributed to today's communes";
    l.mapped_intro = "A source published before communes merged has one row per former commune: each row counts for "
                     "the commune that holds its territory today, and counts add up. \"Territory changed\": the "
                     "commune still exists, but part of its former territory is a commune again; a row older than "
                     "the change covers it too.";
    l.set_aside_title = "Rows set aside, and why";
    l.returns_title = "The towns' returns";
    l.returns_answered = "answered";
    l.returns_refused = "file refused";
    l.returns_no_answer = "no answer";
    l.return_status = "Return";
    l.return_file = "File";
    l.return_date = "File date";
    l.return_why = "Why refused";
    l.source_column = "Source and date";
    l.builtin_reference = "munidash's built-in list of communes (the communes of 1 January 2026 and the history of "
                          "their codes, @etalab/decoupage-administratif 6.0.0, after INSEE's Code officiel "
                          "géographique; legal municipal populations)";
    l.stale_before = "";
    l.stale_after = " years before the period";
    l.stale_warning_source = "Warning, old data: ";
    l.source_word = "Source";
    l.line = "Line in the file";
    l.code_in_file = "Code in the file";
    l.former_name = "Former commune";
    l.commune_today = "Commune today";
    l.change = "Change";
    l.change_year = "Year of the change";
    l.reason = "Reason";
    l.change_kinds = {"merged commune", "municipal arrondissement", "ambiguous", "territory changed"};
    l.set_aside_reasons = {
        "not an INSEE commune code",
        "a code missing from the reference list, with no known history",
        "a former code that the history gives to several communes",
        "a whole city, while the reference list has it by arrondissement",
        "a duplicate of an earlier row (same values or none)",
        "a former code, and the source reads codes as they are (map_codes: false)",
        "a former code of a commune that the older reference list has in several parts",
    };
    l.comparison_methods = {
        "Percentile: share of the other towns with a less favourable value (ties count half), from 0 to 100.",
        "Quartiles: linear interpolation between the sorted values (Excel's QUARTILE.INC).",
        "Value of a group, a department or all towns: sum of numerators ÷ sum of denominators when the "
        "indicator gives them (e.g. premises that can get fibre ÷ premises), otherwise the median; never a "
        "mean of rates.",
        "Department: \"Selected towns of the department\" counts only the towns this workbook compares; \"All "
        "the department's towns\" counts every town of the reference list, computed the same way.",
        "Codes of another year: a source published before communes merged has one row per former commune; each "
        "row counts for today's commune (the list of communes and the history of codes of "
        "@etalab/decoupage-administratif 6.0.0, after INSEE's Code officiel géographique), counts add up, and "
        "the \"Data quality\" sheet lists each row so attributed or set aside.",
    };
    l.generated_by = "Made with munidash ";
    l.failed_indicator = " — COMPUTATION FAILED";
    l.rows_read = "rows read";
    l.rows_without_code = "without a valid commune code (set aside)";
    l.rows_outside_reference = "set aside for another reason (not in the reference list, duplicate, ambiguous...)";
    l.failure_prefix = "COMPUTATION FAILED, indicator not computed: ";
    l.page = "Page &P of &N";
    l.colon = ": ";
    l.semicolon = "; ";
    return l;
}

request_labels french_request() {
    request_labels l;
    l.cover_sheet = "Demande";
    l.questions_sheet = "Questions";
    l.title = "Demande d'informations";
    l.from = "De la part de";
    l.why = "Pourquoi";
    l.due = "À renvoyer au plus tard le";
    l.contact = "À renvoyer à";
    l.town = "Commune";
    l.version = "Version de la demande";
    l.how_title = "Comment remplir ce classeur";
    l.how_steps = {
        "1. Ouvrez la feuille « Questions » : une ligne par question.",
        "2. Écrivez chaque réponse dans la colonne « Réponse » (cases blanches) ; les autres cases sont protégées.",
        "3. Une valeur déjà connue est pré-remplie (fond jaune, avec un commentaire qui dit d'où elle vient) : "
        "corrigez-la si elle est fausse, ou choisissez « Oui » dans la colonne « Confirmé » si elle est juste.",
        "4. Les questions marquées « obligatoire » attendent une réponse ; une question facultative peut rester vide.",
        "5. Enregistrez le fichier au format .xlsx et renvoyez-le à l'adresse ci-dessus, avant la date indiquée.",
    };
    l.number = "N°";
    l.question = "Question";
    l.help = "Aide";
    l.unit = "Unité";
    l.answer = "Réponse";
    l.known = "Valeur connue";
    l.known_source = "Origine de la valeur connue";
    l.confirmed = "Confirmé";
    l.required = " (obligatoire)";
    l.optional = " (facultatif)";
    l.yes = "Oui";
    l.no = "Non";
    l.questions_title = "Questions";
    l.questions_intro = "Répondez dans la colonne « Réponse » ; les valeurs pré-remplies sont sur fond jaune.";
    l.page = "Page &P / &N";
    l.produced_on = "Classeur produit le ";
    l.type_titles = {"Nombre", "Nombre entier", "Pourcentage", "Oui ou Non", "Choix dans la liste", "Horaires",
                     "Texte"};
    l.between = "Entre {min} et {max}.";
    l.at_least = "Au moins {min}.";
    l.at_most = "Au plus {max}.";
    l.time_range_hint = "Ex. 09:00 - 12:00 / 13:30 - 17:00 ; « - » si fermé.";
    l.text_hint = "Texte libre, {max} caractères au plus.";
    l.choice_hint = "Choisissez une valeur dans la liste.";
    l.yes_no_hint = "Choisissez Oui ou Non.";
    l.refused_title = "Réponse refusée";
    l.refused_message = "Cette réponse n'est pas acceptée : ";
    l.confirmed_hint = "Oui : la valeur pré-remplie est juste.";
    l.prefilled_comment = "Valeur pré-remplie ({source}). Corrigez-la si elle est fausse ; sinon choisissez Oui dans "
                          "la colonne « Confirmé ».";
    l.prefilled_from = "{source}, {vintage}";
    return l;
}

request_labels english_request() {
    request_labels l;
    l.french = false;
    l.cover_sheet = "Request";
    l.questions_sheet = "Questions";
    l.title = "Information request";
    l.from = "From";
    l.why = "Why";
    l.due = "Please return it by";
    l.contact = "Return it to";
    l.town = "Town";
    l.version = "Request version";
    l.how_title = "How to fill in this workbook";
    l.how_steps = {
        "1. Open the \"Questions\" sheet: one row per question.",
        "2. Write each answer in the \"Answer\" column (white cells); the other cells are protected.",
        "3. A value already known is pre-filled (yellow, with a comment saying where it comes from): correct it if "
        "it is wrong, or choose \"Yes\" in the \"Confirmed\" column if it is right.",
        "4. Questions marked \"required\" need an answer; an optional question may stay empty.",
        "5. Save the file as .xlsx and send it back to the address above, by the date above.",
    };
    l.number = "No.";
    l.question = "Question";
    l.help = "Help";
    l.unit = "Unit";
    l.answer = "Answer";
    l.known = "Known value";
    l.known_source = "Where the known value comes from";
    l.confirmed = "Confirmed";
    l.required = " (required)";
    l.optional = " (optional)";
    l.yes = "Yes";
    l.no = "No";
    l.questions_title = "Questions";
    l.questions_intro = "Answer in the \"Answer\" column; pre-filled values are in yellow.";
    l.page = "Page &P of &N";
    l.produced_on = "Workbook produced on ";
    l.type_titles = {"Number", "Whole number", "Percentage", "Yes or No", "Choice from the list", "Opening hours",
                     "Text"};
    l.between = "From {min} to {max}.";
    l.at_least = "At least {min}.";
    l.at_most = "At most {max}.";
    l.time_range_hint = "E.g. 09:00 - 12:00 / 13:30 - 17:00; \"-\" when closed.";
    l.text_hint = "Free text, at most {max} characters.";
    l.choice_hint = "Choose a value from the list.";
    l.yes_no_hint = "Choose Yes or No.";
    l.refused_title = "Answer refused";
    l.refused_message = "This answer is not accepted: ";
    l.confirmed_hint = "Yes: the pre-filled value is right.";
    l.prefilled_comment = "Pre-filled value ({source}). Correct it if it is wrong; otherwise choose Yes in the "
                          "\"Confirmed\" column.";
    l.prefilled_from = "{source}, {vintage}";
    return l;
}

}  // namespace

const request_labels& request_labels_for(const std::string& language) {
    static const request_labels fr = french_request();
    static const request_labels en = english_request();
    return language == "en" ? en : fr;
}

std::string workbook_labels::unit_name(const std::string& u) const {
    if (u == "percent") return "%";
    if (u == "per_1000") return french ? "pour 1 000 hab." : "per 1,000 inhabitants";
    if (u == "per_10000") return french ? "pour 10 000 hab." : "per 10,000 inhabitants";
    if (u == "per_100000") return french ? "pour 100 000 hab." : "per 100,000 inhabitants";
    if (u == "count") return french ? "nombre" : "count";
    if (u == "index") return french ? "indice" : "index";
    return french ? "valeur" : "value";
}

const flag_text* workbook_labels::flag_row(value_flag kind) const {
    for (const auto& row : flags)
        if (row.flag == kind) return &row;
    return nullptr;
}

std::string workbook_labels::flag_name(value_flag kind) const {
    const auto* row = flag_row(kind);
    return row ? row->name : std::string();
}

std::string workbook_labels::flag_mark(value_flag kind) const {
    const auto* row = flag_row(kind);
    return row ? row->mark : std::string();
}

std::string workbook_labels::flag_legend(bool explained) const {
    std::string legend = flag_legend_title;
    bool first = true;
    for (const auto& row : flags) {
        if (row.mark.empty()) continue;
        legend += (first ? "" : semicolon) + row.mark + " " + (explained ? row.meaning : row.name);
        first = false;
    }
    return legend + ".";
}

const workbook_labels& labels_for(const std::string& language) {
    static const workbook_labels fr = french();
    static const workbook_labels en = english();
    return language == "en" ? en : fr;
}

std::string format_integer(double value, const workbook_labels& labels) {
    const auto digits = std::to_string(static_cast<long long>(std::llround(value)));
    const std::string separator = labels.french ? "\u202F" : ",";
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += separator;
        out += digits[i];
    }
    return out;
}

}  // namespace munidash
