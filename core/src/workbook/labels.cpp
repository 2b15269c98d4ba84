#include "workbook/labels.hpp"

#include <cmath>
#include <iterator>

#include "spec/report_spec.hpp"
#include "workbook/label_catalogue.hpp"

namespace munidash {

namespace {

// The catalogue: the lists first, as the tables of fields below point at them.

// How peers are grouped, one per peer_grouping, in its order.
// The catalogue keeps each text's French and English on lines of their own, side by side.
// clang-format off
constexpr text_pair workbook_peer_methods[]{
    {"Groupes de pairs : communes de taille comparable, par tranches de population ; chaque "
     "tranche inclut sa borne basse et exclut sa borne haute, sauf la dernière.",
     "Peer groups: towns of comparable size, by population band; each band includes its lower "
     "limit and excludes its upper limit, except the last one."},
    {"Groupes de pairs : communes du même département.", "Peer groups: the towns of the same department."},
    {"Groupes de pairs : communes du même EPCI (intercommunalité).",
     "Peer groups: the towns of the same EPCI (intercommunality)."},
    {"Groupes de pairs : groupes de communes définis par l'association ; les autres communes "
     "forment le groupe « Autres communes ».",
     "Peer groups: groups of towns defined by the association; the other towns form the group "
     "'Other towns'."},
};

// The methods every workbook explains, one paragraph each.
constexpr text_pair workbook_methods[]{
    {"Sélection : communes de la liste de référence qui remplissent tous les critères du rapport "
     "(population, départements, régions, EPCI, codes) ; les communes exclues ne sont jamais retenues.",
     "Selection: the towns of the reference list that meet every criterion of the report "
     "(population, departments, regions, EPCI, codes); excluded towns are never kept."},
    {"Rang : 1 = valeur la plus favorable selon le sens de l'indicateur ; les ex aequo partagent "
     "le meilleur rang et le rang suivant est sauté (1, 2, 2, 4) ; une commune sans valeur n'est "
     "pas classée.",
     "Rank: 1 = the most favourable value given the indicator's direction; ties share the best "
     "rank and the next rank is skipped (1, 2, 2, 4); a town without a value is not ranked."},
    {"Médiane : valeur du milieu des communes qui ont une valeur (moyenne des deux valeurs du "
     "milieu pour un nombre pair) ; les données manquantes sont ignorées.",
     "Median: the middle value of the towns that have a value (the mean of the two middle "
     "values for an even count); missing data are ignored."},
};

// One per normalisation, in its order.
constexpr text_pair workbook_normalisation_text[]{
    {"min-max : 100 × (valeur − minimum) ÷ (maximum − minimum) sur les communes comparées",
     "min-max: 100 × (value − minimum) ÷ (maximum − minimum) over the towns compared"},
    {"score z : (valeur − moyenne) ÷ écart-type", "z-score: (value − mean) ÷ standard deviation"},
    {"rang : 100 × (n − rang) ÷ (n − 1)", "rank: 100 × (n − rank) ÷ (n − 1)"},
    {"centile : part des autres communes dont la valeur est moins favorable, × 100",
     "percentile: share of the other towns with a less favourable value, × 100"},
    {"bornes fixes : 100 × (valeur − borne basse) ÷ (borne haute − borne basse), entre 0 et 100",
     "goalposts: 100 × (value − low) ÷ (high − low), between 0 and 100"},
    {"indice : 100 × valeur ÷ valeur de l'ensemble des communes comparées (= 100) ; quand plus bas est "
     "plus favorable, 100 × (2 − valeur ÷ valeur de l'ensemble)",
     "index: 100 × value ÷ the value of all towns compared (= 100); when lower is better, "
     "100 × (2 − value ÷ that value)"},
};

// One per aggregation, in its order.
constexpr text_pair workbook_aggregation_text[]{
    {"moyenne arithmétique pondérée", "weighted arithmetic mean"},
    {"moyenne géométrique pondérée (scores ramenés entre 1 et 100)",
     "weighted geometric mean (scores brought between 1 and 100)"},
};

// How to read the workbook, one paragraph each.
constexpr text_pair workbook_cover_reading[]{
    {"Ce classeur compare chaque commune aux communes de taille comparable (son groupe de pairs) et à "
     "l'ensemble des communes retenues, indicateur par indicateur.",
     "This workbook compares each town with towns of comparable size (its peer group) and with all the towns "
     "selected, indicator by indicator."},
    {"Pour chaque indicateur, le rang 1 désigne la situation la plus favorable ; le sens (plus élevé ou plus "
     "bas = plus favorable) est indiqué dans la méthodologie. Les couleurs répètent ce que disent les rangs.",
     "For each indicator, rank 1 is the most favourable situation; the direction (higher or lower is better) "
     "is given in the methodology. Colours repeat what the ranks say."},
    {"Une case vide signale une donnée manquante ; une valeur suivie d'une lettre entre parenthèses est "
     "signalée (légende sur la Synthèse et dans la Méthodologie).",
     "An empty cell is missing data; a value followed by a letter in brackets is flagged (legend on the "
     "Summary and in the Methodology)."},
};

// Cover, summary, composite, peers, comparisons, towns, quality, methodology.
constexpr text_pair workbook_sheet_descriptions[]{
    {"cette page", "this page"},
    {"une ligne par commune : valeurs, rangs et médianes des groupes de pairs",
     "one row per town: values, ranks and peer-group medians"},
    {"l'indice composite, son rang et sa robustesse", "the composite index, its rank and its robustness"},
    {"les médianes par groupe de pairs, en tableaux et en graphiques", "medians per peer group, in tables and charts"},
    {"le détail commune par commune et indicateur par indicateur",
     "the detail, town by town and indicator by indicator"},
    {"la fiche de la commune", "the town's page"},
    {"valeurs manquantes et signalées, lignes écartées", "missing and flagged values, rows set aside"},
    {"définitions, sources et méthodes", "definitions, sources and methods"},
};

// One per code_change, in its order.
constexpr text_pair workbook_change_kinds[]{
    {"commune fusionnée", "merged commune"},
    {"arrondissement municipal", "municipal arrondissement"},
    {"ambigu", "ambiguous"},
    {"territoire modifié", "territory changed"},
};

// One per set_aside_reason, in its order.
constexpr text_pair workbook_set_aside_reasons[]{
    {"pas un code commune INSEE", "not an INSEE commune code"},
    {"code absent de la liste de référence, sans historique connu",
     "a code missing from the reference list, with no known history"},
    {"ancien code que l'historique attribue à plusieurs communes",
     "a former code that the history gives to several communes"},
    {"ville entière, alors que la liste de référence la donne par arrondissement",
     "a whole city, while the reference list has it by arrondissement"},
    {"doublon d'une ligne précédente (mêmes valeurs ou aucune)", "a duplicate of an earlier row (same values or none)"},
    {"ancien code, et la source lit les codes tels quels (map_codes: false)",
     "a former code, and the source reads codes as they are (map_codes: false)"},
    {"ancien code d'une commune que la liste de référence, plus ancienne, donne en plusieurs parties",
     "a former code of a commune that the older reference list has in several parts"},
};

// The comparisons' methods, one paragraph each.
constexpr text_pair workbook_comparison_methods[]{
    {"Centile : part des autres communes dont la valeur est moins favorable (les ex aequo comptent pour "
     "moitié), de 0 à 100.",
     "Percentile: share of the other towns with a less favourable value (ties count half), from 0 to 100."},
    {"Quartiles : interpolation linéaire entre les valeurs classées (méthode de QUARTILE.INCLURE).",
     "Quartiles: linear interpolation between the sorted values (Excel's QUARTILE.INC)."},
    {"Valeur d'un groupe, d'un département ou de l'ensemble : somme des numérateurs ÷ somme des "
     "dénominateurs quand l'indicateur les fournit (par exemple locaux raccordables ÷ locaux), sinon la "
     "médiane ; jamais une moyenne de taux.",
     "Value of a group, a department or all towns: sum of numerators ÷ sum of denominators when the "
     "indicator gives them (e.g. premises that can get fibre ÷ premises), otherwise the median; never a "
     "mean of rates."},
    {"Département : « Communes sélectionnées du département » ne compte que les communes retenues par ce "
     "classeur ; « Toutes les communes du département » compte toutes celles de la liste de référence, "
     "calculées de la même façon.",
     "Department: \"Selected towns of the department\" counts only the towns this workbook compares; \"All "
     "the department's towns\" counts every town of the reference list, computed the same way."},
    {"Codes d'une autre année : une source publiée avant une fusion de communes donne une ligne par ancienne "
     "commune ; chaque ligne compte pour la commune d'aujourd'hui (liste des communes et historique des codes "
     "de @etalab/decoupage-administratif 6.0.0, d'après le Code officiel géographique de l'INSEE), les "
     "effectifs s'additionnent, et la feuille « Qualité des données » liste chaque ligne ainsi attribuée ou "
     "écartée.",
     "Codes of another year: a source published before communes merged has one row per former commune; each "
     "row counts for today's commune (the list of communes and the history of codes of "
     "@etalab/decoupage-administratif 6.0.0, after INSEE's Code officiel géographique), counts add up, and "
     "the \"Data quality\" sheet lists each row so attributed or set aside."},
};

// One row per flag a value can carry (missing too, without a mark), in the legend's order.
constexpr flag_texts workbook_flags[]{
    {value_flag::missing,
     {"manquante", "missing"},
     {"", ""},
     {"", ""}},
    {value_flag::capped,
     {"plafonnée", "capped"},
     {"(p)", "(c)"},
     {"plafonnée (valeur calculée hors de l'intervalle possible, ramenée à sa borne)",
      "capped (computed outside the possible range, brought back to its bound)"}},
    {value_flag::imputed,
     {"imputée", "imputed"},
     {"(i)", "(i)"},
     {"imputée (estimée d'après les autres communes)",
      "imputed (estimated from other towns)"}},
    {value_flag::censored,
     {"secret statistique", "statistical secret"},
     {"(s)", "(s)"},
     {"secret statistique (le producteur ne publie pas la valeur)",
      "statistical secret (the producer does not publish the value)"}},
    {value_flag::estimate,
     {"estimation", "estimate"},
     {"(e)", "(e)"},
     {"estimation (et non mesure)",
      "estimate (not a measure)"}},
    {value_flag::declared,
     {"déclarée par la commune", "declared by the town"},
     {"(d)", "(d)"},
     {"déclarée par la commune (sa réponse à la demande de l'association)",
      "declared by the town (its answer to the association's request)"}},
    {value_flag::prefilled,
     {"pré-remplie, non confirmée", "pre-filled, not confirmed"},
     {"(n)", "(u)"},
     {"pré-remplie, non confirmée (valeur proposée à la commune, ni modifiée ni confirmée)",
      "pre-filled, not confirmed (the value offered to the town, neither changed nor confirmed)"}},
};

// Every text field of workbook_labels.
constexpr label_text<workbook_labels> workbook_texts[]{
    {&workbook_labels::summary_sheet, "Synthèse", "Summary"},
    {&workbook_labels::peers_sheet, "Groupes de pairs", "Peer groups"},
    {&workbook_labels::methodology_sheet, "Méthodologie", "Methodology"},
    {&workbook_labels::code, "Code INSEE", "INSEE code"},
    {&workbook_labels::town, "Commune", "Town"},
    {&workbook_labels::department, "Département", "Department"},
    {&workbook_labels::population, "Population", "Population"},
    {&workbook_labels::peer_group, "Groupe de pairs", "Peer group"},
    {&workbook_labels::value, "Valeur", "Value"},
    {&workbook_labels::rank_of, "Rang sur ", "Rank of "},
    {&workbook_labels::peer_median, "Médiane du groupe", "Peer-group median"},
    {&workbook_labels::towns_count, "Communes", "Towns"},
    {&workbook_labels::whole_selection, "Ensemble des communes comparées", "All towns compared"},
    {&workbook_labels::towns_compared, " communes comparées", " towns compared"},
    {&workbook_labels::departments_word, "départements", "departments"},
    {&workbook_labels::how_to_read,
     "Lecture : rang 1 = situation la plus favorable pour l'indicateur. Couleurs : vert = plus "
     "favorable, rouge = moins favorable (le rang dit la même chose). Valeur suivie "
     "d'une lettre entre parenthèses : valeur signalée (légende ci-dessous et dans la Méthodologie). Case vide "
     ": donnée manquante.",
     "How to read: rank 1 = the most favourable value of the indicator. Colours: green = more "
     "favourable, red = less favourable (the rank says the same). A value followed by "
     "a letter in brackets: flagged value (legend below and in the Methodology). Empty cell: missing data."},
    {&workbook_labels::group_range, "{min} à moins de {max} hab.", "{min} to under {max} inhabitants"},
    {&workbook_labels::group_last_range, "{min} à {max} hab.", "{min} to {max} inhabitants"},
    {&workbook_labels::all_sizes, "Toutes tailles", "All sizes"},
    {&workbook_labels::no_epci, "Sans EPCI", "No EPCI"},
    {&workbook_labels::other_towns, "Autres communes", "Other towns"},
    {&workbook_labels::medians_title,
     "Médiane de chaque indicateur par groupe de pairs (taille de commune)",
     "Median of each indicator per peer group (town size)"},
    {&workbook_labels::chart_axis, "Médiane", "Median"},
    {&workbook_labels::methodology_title,
     "Méthodologie : définitions, sources et méthodes",
     "Methodology: definitions, sources and methods"},
    {&workbook_labels::indicator_id, "Identifiant", "Id"},
    {&workbook_labels::label, "Indicateur", "Indicator"},
    {&workbook_labels::unit, "Unité", "Unit"},
    {&workbook_labels::direction, "Sens", "Direction"},
    {&workbook_labels::definition, "Définition", "Definition"},
    {&workbook_labels::parameters, "Paramètres", "Parameters"},
    {&workbook_labels::plugin, "Module de calcul", "Plugin"},
    {&workbook_labels::plugin_version, "Version", "Version"},
    {&workbook_labels::sources, "Sources", "Sources"},
    {&workbook_labels::higher_better, "plus élevé = plus favorable", "higher is better"},
    {&workbook_labels::lower_better, "plus bas = plus favorable", "lower is better"},
    {&workbook_labels::illustrative, "VALEURS ILLUSTRATIVES", "ILLUSTRATIVE VALUES"},
    {&workbook_labels::methods_title, "Méthodes", "Methods"},
    {&workbook_labels::capped_method,
     "Valeurs plafonnées, marquées (p) : une couverture calculée au-delà de 100 % (plus de locaux "
     "raccordables que de locaux recensés) est ramenée à 100 %.",
     "Capped values, marked (c): a coverage computed above 100 % (more premises that can get "
     "fibre than premises counted) is brought back to 100 %."},
    {&workbook_labels::composite_sheet, "Indice composite", "Composite index"},
    {&workbook_labels::comparisons_sheet, "Comparaisons", "Comparisons"},
    {&workbook_labels::score, "Indice", "Index"},
    {&workbook_labels::rank_range_title, "Rang possible (90 % des tirages)", "Possible rank (90 % of draws)"},
    {&workbook_labels::rank_range, "rang {low} à {high} sur {n}", "rank {low} to {high} of {n}"},
    {&workbook_labels::coverage, "Part des poids renseignée", "Share of the weights with data"},
    {&workbook_labels::not_scored, "non classée : données insuffisantes", "not ranked: not enough data"},
    {&workbook_labels::composite_intro,
     "L'indice combine les indicateurs ramenés sur une même échelle (plus haut = plus "
     "favorable), pondérés dans chaque axe puis entre les axes.",
     "The index combines the indicators brought to one scale (higher = more favourable), "
     "weighted within each axis, then across axes."},
    {&workbook_labels::axis, "Axe", "Axis"},
    {&workbook_labels::weight, "Poids", "Weight"},
    {&workbook_labels::normalised_score, "Score normalisé", "Normalised score"},
    {&workbook_labels::imputed_note,
     "Valeurs marquées (i) : imputées (médiane du groupe de pairs).",
     "Values marked (i): imputed (peer-group median)."},
    {&workbook_labels::imputation_none,
     "Valeurs manquantes : non remplacées ; la commune est notée sur les autres indicateurs.",
     "Missing values: not replaced; the town is scored on its other indicators."},
    {&workbook_labels::imputation_peer_median,
     "Valeurs manquantes : remplacées par la médiane du groupe de pairs et signalées.",
     "Missing values: replaced by the peer-group median, and flagged."},
    {&workbook_labels::coverage_rule,
     "Une commune n'est notée que si ses indicateurs renseignés pèsent au moins {share} des poids.",
     "A town is scored only if its indicators with data carry at least {share} of the weights."},
    {&workbook_labels::robustness_text,
     "Robustesse : {draws} tirages (graine {seed}), le premier étant l'indice tel quel, les autres "
     "faisant varier chaque poids de ±{variation} et la méthode ({methods}) ; le rang possible va "
     "du 5e au 95e centile des rangs obtenus, élargi au rang de l'indice quand celui-ci en sort.",
     "Robustness: {draws} draws (seed {seed}), the first being the index as it is, the others "
     "varying each weight by ±{variation} and the method ({methods}); the possible rank runs from "
     "the 5th to the 95th percentile of the ranks, widened to the index's rank when it falls outside."},
    {&workbook_labels::change_since, "Évolution depuis ", "Change since "},
    {&workbook_labels::cover_sheet, "Couverture", "Cover"},
    {&workbook_labels::quality_sheet, "Qualité des données", "Data quality"},
    {&workbook_labels::contents, "Sommaire", "Contents"},
    {&workbook_labels::produced_on, "Produit le ", "Produced on "},
    {&workbook_labels::town_title_population,
     "Département {department} — {population} habitants — groupe de pairs : {group} ({count} communes)",
     "Department {department} — {population} inhabitants — peer group: {group} ({count} towns)"},
    {&workbook_labels::profile_title,
     "Profil : la commune (score 0-100, 100 = le plus favorable) et la médiane de son groupe",
     "Profile: the town (score 0-100, 100 = most favourable) and its peer group's median"},
    {&workbook_labels::versus_peers_title,
     "La commune et la médiane de ses pairs (score 0-100, 100 = le plus favorable)",
     "The town and its peers' median (score 0-100, 100 = most favourable)"},
    {&workbook_labels::town_score, "Score 0-100 de la commune", "Town's score 0-100"},
    {&workbook_labels::peer_score, "Score médian du groupe", "Peer group's median score"},
    {&workbook_labels::composite_line,
     "{label} : {score} — rang {rank} sur {n}",
     "{label}: {score} — rank {rank} of {n}"},
    {&workbook_labels::quality_title,
     "Qualité des données : valeurs manquantes, signalées et lignes écartées",
     "Data quality: missing values, flagged values and rows set aside"},
    {&workbook_labels::quality_intro,
     "Pour chaque indicateur, le nombre de communes avec une valeur, sans valeur, et avec une "
     "valeur signalée ; pour chaque source, les lignes lues et écartées.",
     "For each indicator, the number of towns with a value, without one, and with a flagged "
     "value; for each source, the rows read and set aside."},
    {&workbook_labels::with_value, "Avec une valeur", "With a value"},
    {&workbook_labels::missing, "Sans valeur", "Without a value"},
    {&workbook_labels::coverage_share, "Part renseignée", "Share with data"},
    {&workbook_labels::rows_title, "Sources : lignes lues et écartées", "Sources: rows read and set aside"},
    {&workbook_labels::indicator, "Indicateur", "Indicator"},
    {&workbook_labels::rank, "Rang", "Rank"},
    {&workbook_labels::flag, "Signal", "Flag"},
    {&workbook_labels::percentile, "Centile (100 = meilleur)", "Percentile (100 = best)"},
    {&workbook_labels::peer_q1, "1er quartile du groupe", "Peer-group 1st quartile"},
    {&workbook_labels::peer_q3, "3e quartile du groupe", "Peer-group 3rd quartile"},
    {&workbook_labels::gap_to_median, "Écart à la médiane du groupe", "Gap to the peer median"},
    {&workbook_labels::department_value, "Communes sélectionnées du département", "Selected towns of the department"},
    {&workbook_labels::whole_department_value, "Toutes les communes du département", "All the department's towns"},
    {&workbook_labels::selection_value, "Valeur de l'ensemble", "All towns value"},
    {&workbook_labels::target, "Cible", "Target"},
    {&workbook_labels::to_target, "Reste à faire", "Left to reach the target"},
    {&workbook_labels::comparisons_title,
     "Comparaisons détaillées : chaque commune, chaque indicateur",
     "Detailed comparisons: every town, every indicator"},
    {&workbook_labels::comparisons_intro,
     "Une ligne par commune et par indicateur. Les valeurs de groupe, de département et "
     "de l'ensemble sont des ratios de sommes quand l'indicateur fournit ses effectifs.",
     "One row per town and indicator. Group, department and all-towns values are ratios of "
     "sums when the indicator gives its counts."},
    {&workbook_labels::flag_legend_title, "Valeurs signalées : ", "Flagged values: "},
    {&workbook_labels::town_charts_alt,
     "Graphique en barres : score de 0 à 100 (100 = le plus favorable) de {town} pour chaque "
     "indicateur, à côté du score médian de son groupe de pairs. Les valeurs sont dans le tableau "
     "au-dessus.",
     "Bar chart: the 0-100 score (100 = most favourable) of {town} for each indicator, beside "
     "its peer group's median score. The values are in the table above."},
    {&workbook_labels::profile_alt,
     "Graphique en radar : profil de {town}, score de 0 à 100 de chaque indicateur, et le profil "
     "médian de son groupe de pairs. Les valeurs sont dans le tableau au-dessus.",
     "Radar chart: the profile of {town}, its 0-100 score for each indicator, and its peer group's "
     "median profile. The values are in the table above."},
    {&workbook_labels::peer_chart_alt,
     "Graphique en colonnes : médiane de « {indicator} » ({unit}) dans chaque groupe de pairs, "
     "pour les {count} communes comparées. Les valeurs sont dans le tableau au-dessus.",
     "Column chart: the median of \"{indicator}\" ({unit}) in each peer group, for the {count} "
     "towns compared. The values are in the table above."},
    {&workbook_labels::mapped_title,
     "Codes d'une autre année : lignes attribuées aux communes d'aujourd'hui",
     "Codes of another year: rows attributed to today's communes"},
    {&workbook_labels::mapped_intro,
     "Une source publiée avant une fusion de communes donne une ligne par ancienne commune : chaque "
     "ligne compte pour la commune qui porte son territoire aujourd'hui, et les effectifs s'additionnent. "
     "« Territoire modifié » : la commune existe encore, mais une partie de son ancien territoire est "
     "redevenue une commune ; une ligne antérieure au changement la couvre aussi.",
     "A source published before communes merged has one row per former commune: each row counts for "
     "the commune that holds its territory today, and counts add up. \"Territory changed\": the "
     "commune still exists, but part of its former territory is a commune again; a row older than "
     "the change covers it too."},
    {&workbook_labels::set_aside_title, "Lignes écartées, et pourquoi", "Rows set aside, and why"},
    {&workbook_labels::returns_title, "Réponses des communes", "The towns' returns"},
    {&workbook_labels::returns_answered, "a répondu", "answered"},
    {&workbook_labels::returns_refused, "fichier refusé", "file refused"},
    {&workbook_labels::returns_no_answer, "pas de réponse", "no answer"},
    {&workbook_labels::return_status, "Réponse", "Return"},
    {&workbook_labels::return_file, "Fichier", "File"},
    {&workbook_labels::return_date, "Date du fichier", "File date"},
    {&workbook_labels::return_why, "Motif du refus", "Why refused"},
    {&workbook_labels::source_column, "Source et date", "Source and date"},
    {&workbook_labels::builtin_reference,
     "liste des communes intégrée à munidash (communes au 1er janvier 2026 et historique de "
     "leurs codes, @etalab/decoupage-administratif 6.0.0, d'après le Code officiel "
     "géographique de l'INSEE ; populations municipales légales)",
     "munidash's built-in list of communes (the communes of 1 January 2026 and the history of "
     "their codes, @etalab/decoupage-administratif 6.0.0, after INSEE's Code officiel "
     "géographique; legal municipal populations)"},
    {&workbook_labels::stale_before, "antérieure de ", "", may_be_empty},
    {&workbook_labels::stale_after, " ans à la période", " years before the period"},
    {&workbook_labels::stale_warning_source, "Attention, donnée ancienne : ", "Warning, old data: "},
    {&workbook_labels::source_word, "Source", "Source"},
    {&workbook_labels::line, "Ligne du fichier", "Line in the file"},
    {&workbook_labels::code_in_file, "Code dans le fichier", "Code in the file"},
    {&workbook_labels::former_name, "Ancienne commune", "Former commune"},
    {&workbook_labels::commune_today, "Commune aujourd'hui", "Commune today"},
    {&workbook_labels::change, "Changement", "Change"},
    {&workbook_labels::change_year, "Année du changement", "Year of the change"},
    {&workbook_labels::reason, "Raison", "Reason"},
    {&workbook_labels::generated_by, "Produit par munidash ", "Made with munidash "},
    {&workbook_labels::failed_indicator, " — CALCUL EN ÉCHEC", " — COMPUTATION FAILED"},
    {&workbook_labels::rows_read, "lignes lues", "rows read"},
    {&workbook_labels::rows_without_code,
     "sans code commune valide (écartées)",
     "without a valid commune code (set aside)"},
    {&workbook_labels::rows_outside_reference,
     "écartées pour une autre raison (hors de la liste de référence, doublon, ambiguë...)",
     "set aside for another reason (not in the reference list, duplicate, ambiguous...)"},
    {&workbook_labels::failure_prefix,
     "CALCUL EN ÉCHEC, indicateur non calculé : ",
     "COMPUTATION FAILED, indicator not computed: "},
    {&workbook_labels::page, "Page &P sur &N", "Page &P of &N"},
    // French typography: a space before the colon and the semicolon.
    {&workbook_labels::colon, " : ", ": "},
    {&workbook_labels::semicolon, " ; ", "; "},
};

// Every list field of workbook_labels.
constexpr label_list<workbook_labels> workbook_lists[]{
    {&workbook_labels::peer_methods, workbook_peer_methods},
    {&workbook_labels::methods, workbook_methods},
    {&workbook_labels::normalisation_text, workbook_normalisation_text},
    {&workbook_labels::aggregation_text, workbook_aggregation_text},
    {&workbook_labels::cover_reading, workbook_cover_reading},
    {&workbook_labels::sheet_descriptions, workbook_sheet_descriptions},
    {&workbook_labels::change_kinds, workbook_change_kinds},
    {&workbook_labels::set_aside_reasons, workbook_set_aside_reasons},
    {&workbook_labels::comparison_methods, workbook_comparison_methods},
};

// How to fill a request workbook in, one short step each.
constexpr text_pair request_how_steps[]{
    {"1. Ouvrez la feuille « Questions » : une ligne par question.",
     "1. Open the \"Questions\" sheet: one row per question."},
    {"2. Écrivez chaque réponse dans la colonne « Réponse » (cases blanches) ; les autres cases sont protégées.",
     "2. Write each answer in the \"Answer\" column (white cells); the other cells are protected."},
    {"3. Une valeur déjà connue est pré-remplie (fond jaune, avec un commentaire qui dit d'où elle vient) : "
     "corrigez-la si elle est fausse, ou choisissez « Oui » dans la colonne « Confirmé » si elle est juste.",
     "3. A value already known is pre-filled (yellow, with a comment saying where it comes from): correct it if "
     "it is wrong, or choose \"Yes\" in the \"Confirmed\" column if it is right."},
    {"4. Les questions marquées « obligatoire » attendent une réponse ; une question facultative peut rester vide.",
     "4. Questions marked \"required\" need an answer; an optional question may stay empty."},
    {"5. Enregistrez le fichier au format .xlsx et renvoyez-le à l'adresse ci-dessus, avant la date indiquée.",
     "5. Save the file as .xlsx and send it back to the address above, by the date above."},
};

// The answer cell's input title, one per question_type, in its order.
constexpr text_pair request_type_titles[]{
    {"Nombre", "Number"},
    {"Nombre entier", "Whole number"},
    {"Pourcentage", "Percentage"},
    {"Oui ou Non", "Yes or No"},
    {"Choix dans la liste", "Choice from the list"},
    {"Horaires", "Opening hours"},
    {"Texte", "Text"},
};

// Every text field of request_labels.
constexpr label_text<request_labels> request_texts[]{
    {&request_labels::cover_sheet, "Demande", "Request"},
    {&request_labels::questions_sheet, "Questions", "Questions"},
    {&request_labels::title, "Demande d'informations", "Information request"},
    {&request_labels::from, "De la part de", "From"},
    {&request_labels::why, "Pourquoi", "Why"},
    {&request_labels::due, "À renvoyer au plus tard le", "Please return it by"},
    {&request_labels::contact, "À renvoyer à", "Return it to"},
    {&request_labels::town, "Commune", "Town"},
    {&request_labels::version, "Version de la demande", "Request version"},
    {&request_labels::how_title, "Comment remplir ce classeur", "How to fill in this workbook"},
    {&request_labels::number, "N°", "No."},
    {&request_labels::question, "Question", "Question"},
    {&request_labels::help, "Aide", "Help"},
    {&request_labels::unit, "Unité", "Unit"},
    {&request_labels::answer, "Réponse", "Answer"},
    {&request_labels::known, "Valeur connue", "Known value"},
    {&request_labels::known_source, "Origine de la valeur connue", "Where the known value comes from"},
    {&request_labels::confirmed, "Confirmé", "Confirmed"},
    {&request_labels::required, " (obligatoire)", " (required)"},
    {&request_labels::optional, " (facultatif)", " (optional)"},
    {&request_labels::yes, "Oui", "Yes"},
    {&request_labels::no, "Non", "No"},
    {&request_labels::questions_title, "Questions", "Questions"},
    {&request_labels::questions_intro,
     "Répondez dans la colonne « Réponse » ; les valeurs pré-remplies sont sur fond jaune.",
     "Answer in the \"Answer\" column; pre-filled values are in yellow."},
    {&request_labels::page, "Page &P / &N", "Page &P of &N"},
    {&request_labels::produced_on, "Classeur produit le ", "Workbook produced on "},
    {&request_labels::between, "Entre {min} et {max}.", "From {min} to {max}."},
    {&request_labels::at_least, "Au moins {min}.", "At least {min}."},
    {&request_labels::at_most, "Au plus {max}.", "At most {max}."},
    {&request_labels::time_range_hint,
     "Ex. 09:00 - 12:00 / 13:30 - 17:00 ; « - » si fermé.",
     "E.g. 09:00 - 12:00 / 13:30 - 17:00; \"-\" when closed."},
    {&request_labels::text_hint, "Texte libre, {max} caractères au plus.", "Free text, at most {max} characters."},
    {&request_labels::choice_hint, "Choisissez une valeur dans la liste.", "Choose a value from the list."},
    {&request_labels::yes_no_hint, "Choisissez Oui ou Non.", "Choose Yes or No."},
    {&request_labels::refused_title, "Réponse refusée", "Answer refused"},
    {&request_labels::refused_message, "Cette réponse n'est pas acceptée : ", "This answer is not accepted: "},
    {&request_labels::confirmed_hint, "Oui : la valeur pré-remplie est juste.", "Yes: the pre-filled value is right."},
    {&request_labels::prefilled_comment,
     "Valeur pré-remplie ({source}). Corrigez-la si elle est fausse ; sinon choisissez Oui dans "
     "la colonne « Confirmé ».",
     "Pre-filled value ({source}). Correct it if it is wrong; otherwise choose Yes in the "
     "\"Confirmed\" column."},
    {&request_labels::prefilled_from, "{source}, {vintage}", "{source}, {vintage}"},
};

// Every list field of request_labels.
constexpr label_list<request_labels> request_lists[]{
    {&request_labels::how_steps, request_how_steps},
    {&request_labels::type_titles, request_type_titles},
};

// Every text field of a labels struct is in its catalogue: a field added to the struct without its
// texts changes the struct's size and stops the build here. The trailing bool (`french`) is padded
// to the struct's alignment; `flags` is filled from workbook_flags.
// clang-format on

static_assert(sizeof(workbook_labels) == std::size(workbook_texts) * sizeof(std::string) +
                                             std::size(workbook_lists) * sizeof(std::vector<std::string>) +
                                             sizeof(std::vector<flag_text>) + alignof(workbook_labels),
              "a field of workbook_labels is missing from workbook_texts or workbook_lists");
static_assert(sizeof(request_labels) == std::size(request_texts) * sizeof(std::string) +
                                            std::size(request_lists) * sizeof(std::vector<std::string>) +
                                            alignof(request_labels),
              "a field of request_labels is missing from request_texts or request_lists");

// The lists read by an enum's value have one text per value.
static_assert(std::size(workbook_peer_methods) == std::size(peer_grouping_table));
static_assert(std::size(workbook_normalisation_text) == std::size(normalisation_table));
static_assert(std::size(workbook_aggregation_text) == std::size(aggregation_table));
static_assert(std::size(request_type_titles) == std::size(question_type_table));

// The labels of one language, filled from the catalogue.
template <class Labels>
Labels filled(std::span<const label_text<Labels>> texts, std::span<const label_list<Labels>> lists, bool french) {
    Labels labels;
    labels.french = french;
    for (const auto& text : texts) labels.*text.member = french ? text.french : text.english;
    for (const auto& list : lists)
        for (const auto& item : list.items) (labels.*list.member).emplace_back(french ? item.french : item.english);
    return labels;
}

workbook_labels workbook_labels_in(bool french) {
    auto labels = filled<workbook_labels>(workbook_texts, workbook_lists, french);
    for (const auto& row : workbook_flags) {
        const auto in = [french](const text_pair& text) { return std::string(french ? text.french : text.english); };
        labels.flags.push_back({row.flag, in(row.name), in(row.mark), in(row.meaning)});
    }
    return labels;
}

}  // namespace

std::span<const label_text<workbook_labels>> workbook_text_catalogue() { return workbook_texts; }
std::span<const label_list<workbook_labels>> workbook_list_catalogue() { return workbook_lists; }
std::span<const flag_texts> flag_catalogue() { return workbook_flags; }
std::span<const label_text<request_labels>> request_text_catalogue() { return request_texts; }
std::span<const label_list<request_labels>> request_list_catalogue() { return request_lists; }

const request_labels& request_labels_for(const std::string& language) {
    static const request_labels fr = filled<request_labels>(request_texts, request_lists, true);
    static const request_labels en = filled<request_labels>(request_texts, request_lists, false);
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
    static const workbook_labels fr = workbook_labels_in(true);
    static const workbook_labels en = workbook_labels_in(false);
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
