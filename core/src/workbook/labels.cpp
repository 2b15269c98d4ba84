#include "labels.hpp"

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
    l.period = "période";
    l.how_to_read =
        "Lecture : rang 1 = situation la plus favorable pour l'indicateur. Couleurs : vert = plus "
        "favorable, rouge = moins favorable (le rang dit la même chose). Valeurs en italique : "
        "plafonnées (voir Méthodologie). Case vide : donnée manquante.";
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
        "Valeurs plafonnées (en italique) : une couverture calculée au-delà de 100 % (plus de locaux "
        "raccordables que de locaux recensés) est ramenée à 100 %.",
    };
    l.generated_by = "Produit par munidash ";
    l.failed_indicator = " — CALCUL EN ÉCHEC";
    l.rows_read = " lignes lues";
    l.rows_without_code = " sans code commune valide (écartées)";
    l.rows_outside_reference = " avec un code absent de la liste de référence (écartées)";
    l.failure_prefix = "CALCUL EN ÉCHEC, indicateur non calculé : ";
    l.page = "Page &P sur &N";
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
    l.period = "period";
    l.how_to_read =
        "How to read: rank 1 = the most favourable value of the indicator. Colours: green = more "
        "favourable, red = less favourable (the rank says the same). Values in italics: capped "
        "(see Methodology). Empty cell: missing data.";
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
        "Capped values (in italics): a coverage computed above 100 % (more premises that can get "
        "fibre than premises counted) is brought back to 100 %.",
    };
    l.generated_by = "Made with munidash ";
    l.failed_indicator = " — COMPUTATION FAILED";
    l.rows_read = " rows read";
    l.rows_without_code = " without a valid commune code (set aside)";
    l.rows_outside_reference = " with a code missing from the reference list (set aside)";
    l.failure_prefix = "COMPUTATION FAILED, indicator not computed: ";
    l.page = "Page &P of &N";
    return l;
}

}  // namespace

std::string workbook_labels::unit_name(const std::string& u) const {
    if (u == "percent") return "%";
    if (u == "per_1000") return french ? "pour 1 000 hab." : "per 1,000 inhabitants";
    if (u == "per_10000") return french ? "pour 10 000 hab." : "per 10,000 inhabitants";
    if (u == "per_100000") return french ? "pour 100 000 hab." : "per 100,000 inhabitants";
    if (u == "count") return french ? "nombre" : "count";
    if (u == "index") return french ? "indice" : "index";
    return french ? "valeur" : "value";
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
