// The floor of the town-workbook benchmark: the same workbook per town as munidash writes for
// bench-petites-villes.yaml (a cover, the town's page with its bar and radar charts, the methodology),
// the same cells, formats, charts and page set-up, written with libxlsxwriter alone: no munidash code,
// no checks, no temporary file beside the target, no fsync. What munidash spends beyond this is its own.
// Usage: town_workbook_floor TOWNS.tsv OUTDIR THREADS   (TOWNS.tsv from prepare_towns.py)
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <xlsxwriter.h>

namespace {

constexpr int indicators = 20;
constexpr int fields_per_indicator = 9;

struct town_row {
    std::string code, file, sheet, name, line3, composite;
    std::vector<std::string> cells;  // indicators × fields_per_indicator
};

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) return out;
        start = tab + 1;
    }
}

const char* title_text = "Banc d'essai, toutes les communes";
const char* title_period = "Banc d'essai, toutes les communes — 2024";
const char* notice = "Banc d'essai : valeurs INVENTÉES.";
const char* header_text = "&L&RBanc d'essai, toutes les communes — 2024";
const char* footer_text = "&L&A&RPage &P sur &N";

const char* cover_reading[] = {
    "Ce classeur compare chaque commune aux communes de taille comparable (son groupe de pairs) et à l'ensemble des "
    "communes retenues, indicateur par indicateur.",
    "Pour chaque indicateur, le rang 1 désigne la situation la plus favorable ; le sens (plus élevé ou plus bas = plus "
    "favorable) est indiqué dans la méthodologie. Les couleurs répètent ce que disent les rangs.",
    "Une case vide signale une donnée manquante ; une valeur suivie d'une lettre entre parenthèses est signalée "
    "(légende sur la Synthèse et dans la Méthodologie).",
};

const char* page_headers[] = {"Indicateur",
                              "Valeur",
                              "Unité",
                              "Rang",
                              "Centile (100 = meilleur)",
                              "Médiane du groupe",
                              "1er quartile du groupe",
                              "3e quartile du groupe",
                              "Écart à la médiane du groupe",
                              "Signal",
                              "Score 0-100 de la commune",
                              "Score médian du groupe",
                              "Source et date"};
const double page_widths[] = {27, 12, 10, 9, 10, 10, 10, 10, 10, 12, 10, 10, 17};

const char* method_headers[] = {"Identifiant", "Indicateur",       "Unité",   "Sens",   "Définition",
                                "Paramètres",  "Module de calcul", "Version", "Sources"};
const double method_widths[] = {12, 22, 10, 14, 31, 24, 14, 8, 34};

const char* paragraphs_sources[] = {
    "towns : data/communes-france.csv",
    "bench : data/indicateurs-france.csv — VALEURS ILLUSTRATIVES — 34 963 lignes lues",
};
struct paragraph {
    const char* text;
    double height;
};
const paragraph methods[] = {
    {"Sélection : communes de la liste de référence qui remplissent tous les critères du rapport (population, "
     "départements, régions, EPCI, codes) ; les communes exclues ne sont jamais retenues.",
     30},
    {"Groupes de pairs : communes de taille comparable, par tranches de population ; chaque tranche inclut sa borne "
     "basse et exclut sa borne haute, sauf la dernière.",
     15},
    {"Rang : 1 = valeur la plus favorable selon le sens de l'indicateur ; les ex aequo partagent le meilleur rang et le "
     "rang suivant est sauté (1, 2, 2, 4) ; une commune sans valeur n'est pas classée.",
     30},
    {"Médiane : valeur du milieu des communes qui ont une valeur (moyenne des deux valeurs du milieu pour un nombre "
     "pair) ; les données manquantes sont ignorées.",
     15},
    {"Valeurs plafonnées, marquées (p) : une couverture calculée au-delà de 100 % (plus de locaux raccordables que de "
     "locaux recensés) est ramenée à 100 %.",
     15},
    {"Centile : part des autres communes dont la valeur est moins favorable (les ex aequo comptent pour moitié), de 0 à "
     "100.",
     15},
    {"Quartiles : interpolation linéaire entre les valeurs classées (méthode de QUARTILE.INCLURE).", 15},
    {"Valeur d'un groupe, d'un département ou de l'ensemble : somme des numérateurs ÷ somme des dénominateurs quand "
     "l'indicateur les fournit (par exemple locaux raccordables ÷ locaux), sinon la médiane ; jamais une moyenne de "
     "taux.",
     30},
    {"Département : « Communes sélectionnées du département » ne compte que les communes retenues par ce classeur ; « "
     "Toutes les communes du département » compte toutes celles de la liste de référence, calculées de la même "
     "façon.",
     30},
    {"Codes d'une autre année : une source publiée avant une fusion de communes donne une ligne par ancienne commune ; "
     "chaque ligne compte pour la commune d'aujourd'hui (liste des communes et historique des codes de "
     "@etalab/decoupage-administratif 6.0.0, d'après le Code officiel géographique de l'INSEE), les effectifs "
     "s'additionnent, et la feuille « Qualité des données » liste chaque ligne ainsi attribuée ou écartée.",
     45},
    {"Valeurs signalées : (p) plafonnée (valeur calculée hors de l'intervalle possible, ramenée à sa borne) ; (i) "
     "imputée (estimée d'après les autres communes) ; (s) secret statistique (le producteur ne publie pas la valeur) ; "
     "(e) estimation (et non mesure) ; (d) déclarée par la commune (sa réponse à la demande de l'association) ; (n) "
     "pré-remplie, non confirmée (valeur proposée à la commune, ni modifiée ni confirmée).",
     45},
};

double column_points(double chars) { return std::floor(chars * 7 + 5) * 0.75; }

struct formats {
    lxw_format *big, *title, *subtitle, *notice, *paragraph, *link, *text, *header, *wrapped, *percent, *rank, *whole,
        *per_10000, *bold_subtitle;
};

lxw_format* make(lxw_workbook* wb, bool bold, double size, lxw_color_t color, bool border, bool wrap, bool top,
                 const char* number_format = nullptr, uint8_t align = 0, lxw_color_t fill = 0) {
    lxw_format* f = workbook_add_format(wb);
    if (bold) format_set_bold(f);
    if (wrap) format_set_text_wrap(f);
    if (border) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, 0xBFBFBF);
    }
    if (size > 0) format_set_font_size(f, size);
    if (color) format_set_font_color(f, color);
    if (fill) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, fill);
    }
    if (number_format) format_set_num_format(f, number_format);
    if (align) format_set_align(f, align);
    format_set_align(f, top ? LXW_ALIGN_VERTICAL_TOP : LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

formats make_formats(lxw_workbook* wb) {
    formats f{};
    f.big = make(wb, true, 22, 0x1F3864, false, false, false);
    f.title = make(wb, true, 16, 0x1F3864, false, false, false);
    f.subtitle = make(wb, false, 11, 0x404040, false, false, false);
    f.notice = make(wb, true, 0, 0xC00000, false, false, false);
    f.paragraph = make(wb, false, 11, 0x404040, false, true, true);
    f.link = make(wb, false, 0, 0x0563C1, true, false, false);
    f.text = make(wb, false, 0, 0, true, false, false);
    f.header = make(wb, true, 0, 0, true, true, false, nullptr, LXW_ALIGN_CENTER, 0xDDEBF7);
    f.wrapped = make(wb, false, 0, 0, true, true, true);
    f.percent = make(wb, false, 0, 0, true, false, false, "0.0\" %\"");
    f.rank = make(wb, false, 0, 0, true, false, false, "#,##0", LXW_ALIGN_CENTER);
    f.whole = make(wb, false, 0, 0, true, false, false, "0");
    f.per_10000 = make(wb, false, 0, 0, true, false, false, "0.00");
    f.bold_subtitle = make(wb, true, 11, 0x404040, false, false, false);
    return f;
}

void print_setup(lxw_worksheet* ws, bool landscape) {
    if (landscape) worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_set_print_scale(ws, 74);
    worksheet_set_header(ws, header_text);
    worksheet_set_footer(ws, footer_text);
}

void number_or_blank(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& text, lxw_format* f) {
    if (text.empty())
        worksheet_write_blank(ws, row, col, f);
    else
        worksheet_write_number(ws, row, col, std::strtod(text.c_str(), nullptr), f);
}

void add_chart(lxw_workbook* wb, lxw_worksheet* ws, const town_row& t, bool radar, lxw_row_t row, lxw_col_t col,
               double x_scale) {
    lxw_chart* chart = workbook_add_chart(wb, radar ? LXW_CHART_RADAR_WITH_MARKERS : LXW_CHART_BAR);
    const char* names[] = {t.name.c_str(), "Score médian du groupe"};
    const lxw_color_t colors[] = {0x2E75B6, 0xED7D31};
    for (int s = 0; s < 2; ++s) {
        lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(series, t.sheet.c_str(), 6, 0, 25, 0);
        chart_series_set_values(series, t.sheet.c_str(), 6, static_cast<lxw_col_t>(10 + s), 25,
                                static_cast<lxw_col_t>(10 + s));
        chart_series_set_name(series, "-");
        std::free(series->title.name);
        series->title.name = lxw_strdup(names[s]);
        lxw_chart_fill fill{};
        fill.color = colors[s];
        lxw_chart_line line{};
        line.color = colors[s];
        if (radar) {
            chart_series_set_line(series, &line);
        } else {
            chart_series_set_fill(series, &fill);
            chart_series_set_labels(series);
            chart_series_set_labels_num_format(series, "0");
            lxw_chart_font label_font{};
            label_font.size = 11;
            chart_series_set_labels_font(series, &label_font);
        }
    }
    chart_title_set_name(chart, "-");
    std::free(chart->title.name);
    chart->title.name =
        lxw_strdup(radar ? "Profil : la commune (score 0-100, 100 = le plus favorable) et la médiane de son groupe"
                         : "La commune et la médiane de ses pairs (score 0-100, 100 = le plus favorable)");
    lxw_chart_font title_font{};
    title_font.size = 11;
    title_font.bold = LXW_TRUE;
    chart_title_set_name_font(chart, &title_font);
    lxw_chart_font text_font{};
    text_font.size = 11;
    chart_axis_set_num_font(chart->x_axis, &text_font);
    chart_axis_set_num_font(chart->y_axis, &text_font);
    chart_legend_set_font(chart, &text_font);
    lxw_chart_axis* values_axis = radar ? chart->y_axis : chart->x_axis;
    chart_axis_set_num_format(values_axis, "0");
    chart_axis_set_min(values_axis, 0);
    chart_axis_set_max(values_axis, 100);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    const std::string description =
        radar ? "Graphique en radar : profil de " + t.name +
                    ", score de 0 à 100 de chaque indicateur, et le profil médian de son groupe de pairs. Les valeurs "
                    "sont dans le tableau au-dessus."
              : "Graphique en barres : score de 0 à 100 (100 = le plus favorable) de " + t.name +
                    " pour chaque indicateur, à côté du score médian de son groupe de pairs. Les valeurs sont dans le "
                    "tableau au-dessus.";
    lxw_chart_options options{};
    options.x_scale = x_scale;
    options.y_scale = 1.1;
    options.description = const_cast<char*>(description.c_str());
    worksheet_insert_chart_opt(ws, row, col, chart, &options);
}

bool write_town(const town_row& t, const std::filesystem::path& folder, const std::string& tmpdir) {
    const auto file = (folder / t.file).string();
    lxw_workbook_options options{};
    options.tmpdir = const_cast<char*>(tmpdir.c_str());
    lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
    if (!wb) return false;
    lxw_doc_properties props{};
    props.title = const_cast<char*>(title_period);
    props.subject = const_cast<char*>(title_text);
    props.author = const_cast<char*>("");
    props.company = const_cast<char*>("");
    props.keywords = const_cast<char*>("munidash; bench-petites-villes; 2024");
    props.comments = const_cast<char*>(notice);
    props.created = 1;
    workbook_set_properties(wb, &props);
    const formats f = make_formats(wb);

    // The cover.
    lxw_worksheet* cover = workbook_add_worksheet(wb, "Couverture");
    worksheet_set_row(cover, 1, 34, nullptr);
    worksheet_write_string(cover, 1, 1, title_text, f.big);
    worksheet_write_string(cover, 2, 1, "2024", f.title);
    const std::string town_title = t.name + " (" + t.code + ")";
    worksheet_write_string(cover, 3, 1, town_title.c_str(), f.title);
    worksheet_write_string(cover, 5, 1, "Produit le 01/01/1970 — munidash 0.1.0", f.subtitle);
    worksheet_write_string(cover, 7, 1, notice, f.notice);
    for (lxw_row_t k = 0; k < 3; ++k) {
        worksheet_merge_range(cover, 9 + k, 1, 9 + k, 3, cover_reading[k], f.paragraph);
        worksheet_set_row(cover, 9 + k, 45, nullptr);
    }
    worksheet_write_string(cover, 13, 1, "Sommaire", f.title);
    std::string quoted;
    for (const char c : t.sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    const std::string url = "internal:'" + quoted + "'!A1";
    worksheet_write_url_opt(cover, 14, 1, url.c_str(), f.link, t.sheet.c_str(), nullptr);
    worksheet_write_string(cover, 14, 2, "la fiche de la commune", f.text);
    worksheet_write_url_opt(cover, 15, 1, "internal:'Méthodologie'!A1", f.link, "Méthodologie", nullptr);
    worksheet_write_string(cover, 15, 2, "définitions, sources et méthodes", f.text);
    const double cover_widths[] = {3, 34, 70, 10};
    for (lxw_col_t c = 0; c < 4; ++c) worksheet_set_column(cover, c, c, cover_widths[c], nullptr);
    print_setup(cover, false);
    worksheet_activate(cover);

    // The town's page.
    lxw_worksheet* page = workbook_add_worksheet(wb, t.sheet.c_str());
    worksheet_write_string(page, 0, 0, town_title.c_str(), f.title);
    worksheet_write_string(page, 1, 0, title_period, f.subtitle);
    worksheet_write_string(page, 2, 0, t.line3.c_str(), f.subtitle);
    worksheet_write_string(page, 3, 0, notice, f.notice);
    for (lxw_col_t c = 0; c < 13; ++c) {
        worksheet_write_string(page, 5, c, page_headers[c], f.header);
        worksheet_set_column(page, c, c, page_widths[c], nullptr);
    }
    worksheet_set_row(page, 5, 45, nullptr);
    for (int k = 0; k < indicators; ++k) {
        const auto row = static_cast<lxw_row_t>(6 + k);
        const std::string* v = &t.cells[static_cast<std::size_t>(k * fields_per_indicator)];
        const bool part = k < 10;
        lxw_format* look = part ? f.percent : f.per_10000;
        const std::string label =
            part ? "Part " + std::to_string(k + 1) : "Nombre " + std::to_string(k - 9) + " pour 10 000 hab.";
        worksheet_write_string(page, row, 0, label.c_str(), f.wrapped);
        number_or_blank(page, row, 1, v[0], look);
        worksheet_write_string(page, row, 2, part ? "%" : "pour 10 000 hab.", f.text);
        if (v[1].empty())
            worksheet_write_blank(page, row, 3, f.rank);
        else
            worksheet_write_string(page, row, 3, v[1].c_str(), f.rank);
        number_or_blank(page, row, 4, v[2], f.whole);
        number_or_blank(page, row, 5, v[3], look);
        number_or_blank(page, row, 6, v[4], look);
        number_or_blank(page, row, 7, v[5], look);
        number_or_blank(page, row, 8, v[6], look);
        worksheet_write_string(page, row, 9, "", f.wrapped);
        number_or_blank(page, row, 10, v[7], f.whole);
        number_or_blank(page, row, 11, v[8], f.whole);
        worksheet_write_string(page, row, 12, "", f.wrapped);
        worksheet_set_row(page, row, 15, nullptr);
    }
    worksheet_write_string(page, 27, 0, t.composite.c_str(), f.bold_subtitle);
    // The charts side by side, as wide as munidash makes them from the same column widths.
    double table_width = 0;
    for (const double w : page_widths) table_width += column_points(w);
    lxw_col_t profile_col = 0;
    double profile_x = 0;
    while (profile_col < 13 && profile_x + column_points(page_widths[profile_col]) / 2 < table_width / 2)
        profile_x += column_points(page_widths[profile_col++]);
    add_chart(wb, page, t, false, 29, 0, std::min(1.2, (profile_x - 6) / 360));
    add_chart(wb, page, t, true, 29, profile_col, std::min(1.2, (table_width - profile_x - 6) / 360));
    print_setup(page, true);
    lxw_row_t breaks[] = {29, 0};
    worksheet_set_h_pagebreaks(page, breaks);

    // The methodology.
    lxw_worksheet* method = workbook_add_worksheet(wb, "Méthodologie");
    worksheet_write_string(method, 0, 0, "Méthodologie : définitions, sources et méthodes", f.title);
    worksheet_write_string(method, 1, 0, title_period, f.subtitle);
    worksheet_write_string(method, 2, 0, notice, f.notice);
    for (lxw_col_t c = 0; c < 9; ++c) {
        worksheet_write_string(method, 4, c, method_headers[c], f.header);
        worksheet_set_column(method, c, c, method_widths[c], nullptr);
    }
    lxw_row_t row = 5;
    for (int k = 0; k < indicators; ++k, ++row) {
        const bool part = k < 10;
        const int n = part ? k + 1 : k - 9;
        const std::string id = (part ? "part_" : "nombre_") + std::to_string(n);
        const std::string label =
            part ? "Part " + std::to_string(n) : "Nombre " + std::to_string(n) + " pour 10 000 hab.";
        const std::string params = part ? "numerator = bench." + id + "\ndenominator = bench.base\nscale = 100"
                                        : "count = bench." + id + "\npopulation = towns.population\nper = 10000";
        const std::string cells[] = {
            id,
            label,
            part ? "%" : "pour 10 000 hab.",
            !part || k % 2 == 0 ? "plus élevé = plus favorable" : "plus bas = plus favorable",
            part
                ? "Numérateur divisé par le dénominateur, multiplié par l'échelle (100 : pourcentage) ; une liste de "
                  "colonnes est additionnée. Pas de valeur si une donnée manque ou si le dénominateur est nul."
                : "Nombre rapporté à la population : nombre ÷ population × N habitants. Pas de valeur si la population "
                  "est nulle ou absente.",
            params,
            part ? "ratio (ratio)" : "per_capita (per_capita)",
            "1.0.0",
            part ? "bench : data/indicateurs-france.csv — VALEURS ILLUSTRATIVES"
                 : "bench : data/indicateurs-france.csv — VALEURS ILLUSTRATIVES\ntowns : data/communes-france.csv",
        };
        for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(method, row, c, cells[c].c_str(), f.wrapped);
        worksheet_set_row(method, row, part ? 90 : 60, nullptr);
    }
    const auto merged = [&](const char* text, double height) {
        worksheet_merge_range(method, row, 0, row, 8, text, f.paragraph);
        worksheet_set_row(method, row, height, nullptr);
        ++row;
    };
    row += 1;
    worksheet_write_string(method, row++, 0, "Sources", f.title);
    for (const char* text : paragraphs_sources) merged(text, 15);
    row += 1;
    worksheet_write_string(method, row++, 0, "Méthodes", f.title);
    for (const auto& p : methods) merged(p.text, p.height);
    row += 1;
    merged("Produit par munidash 0.1.0", 15);
    print_setup(method, true);
    worksheet_repeat_rows(method, 4, 4);
    return workbook_close(wb) == LXW_NO_ERROR;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: town_workbook_floor TOWNS.tsv OUTDIR THREADS\n";
        return 2;
    }
    std::vector<town_row> towns;
    std::ifstream in(argv[1]);
    for (std::string line; std::getline(in, line);) {
        auto fields = split(line);
        if (fields.size() != 6 + indicators * fields_per_indicator) {
            std::cerr << "bad line: " << line.substr(0, 60) << "\n";
            return 2;
        }
        town_row t{fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], {}};
        t.cells.assign(fields.begin() + 6, fields.end());
        towns.push_back(std::move(t));
    }
    const std::filesystem::path folder(argv[2]);
    std::filesystem::create_directories(folder);
    const unsigned threads = static_cast<unsigned>(std::max(1, std::atoi(argv[3])));
    const char* env_tmp = std::getenv("TMPDIR");
    const std::string tmpdir = env_tmp && *env_tmp ? env_tmp : "/tmp";
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto work = [&] {
        for (std::size_t k; (k = next++) < towns.size();)
            if (!write_town(towns[k], folder, tmpdir)) failed = true;
    };
    std::vector<std::thread> pool;
    for (unsigned j = 1; j < threads; ++j) pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();
    std::printf("wrote %zu town workbooks in %s with %u thread(s)%s\n", towns.size(), folder.c_str(), threads,
                failed ? ", some FAILED" : "");
    return failed ? 1 : 0;
}
