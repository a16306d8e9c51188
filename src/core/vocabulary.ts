// The words of poverty report headers, as data. Role recognition (roles.ts)
// and table finding (tables.ts) both read these lists; adding a synonym is
// one line. Every pattern is matched against folded text (`fold`: lower case,
// no diacritics, đ → d, single spaces), so "Hộ Cận Nghèo", "ho can ngheo" and
// "HỘ CẬN\nNGHÈO" are one wording.
//
// Domain words, glossed once:
//   hộ nghèo (HN) = poor household; hộ cận nghèo (HCN) = near-poor household;
//   hộ có mức sống trung bình (làm nông, lâm, ngư nghiệp) = middle-income household;
//   nhân khẩu / khẩu = persons; dân số / hộ dân cư = all households of the unit;
//   tỷ lệ = rate (%); chỉ tiêu / kế hoạch giảm = planned reduction;
//   thoát nghèo = left poverty; tái nghèo = fell back into poverty;
//   phát sinh mới = newly poor; đầu kỳ / cuối kỳ = start / end of period;
//   còn lại = remaining; không có khả năng lao động (KCKNLĐ, HN cứng) = unable to work;
//   có khả năng thoát nghèo (CSGN) = able to leave poverty; DTTS = ethnic minority;
//   người có công (CSCC) = families of war veterans; bảo trợ xã hội (BTXH) =
//   social-protection beneficiaries; chủ hộ là nữ = female-headed;
//   chỉ số thiếu hụt = deprivation indicator; phân tổ = breakdown (Hộ / Nhân khẩu rows).

/** One entry: a value and the folded wordings (regular-expression sources) that mean it. */
export interface Entry<T> {
  value: T;
  words: string[];
}

/** Compiled entries, first match wins: put the longer meaning first. */
export interface Term<T> {
  value: T;
  re: RegExp;
}

export function compile<T>(entries: Entry<T>[], flags = ''): Term<T>[] {
  return entries.map((e) => ({ value: e.value, re: new RegExp(e.words.map((w) => `(?:${w})`).join('|'), flags) }));
}

// ---- whole columns (the column's own header alone) -----------------------------------

export const ORDINAL_WORDS = ['s\\.? ?t\\.? ?t', 'tt', 'so tt', 'so thu tu', 'thu tu', 'stt'];

/** Administrative levels a unit column is headed with, alone or joined by "/", ",", "-", "và". */
export const UNIT_LEVELS = [
  'tinh',
  'thanh pho',
  'tp',
  'thi xa',
  'tx',
  'huyen',
  'quan',
  'xa',
  'phuong',
  'thi tran',
  'tt',
  'thon',
  'xom',
  'ban',
  'ap',
  'buon',
  'lang',
  'to dan pho',
  'tdp',
  'khu pho',
  'khoi',
  'khom',
  'to',
  'vung',
  'khu vuc',
  'cum',
];

/** Unit headers that are not a level name: "Đơn vị", "Tên xóm", "Địa bàn". */
export const UNIT_WORDS = ['ten\\b', 'don vi(?! tinh)\\b', 'dia phuong', 'dia ban', 'co so'];

export const BREAKDOWN_WORDS = ['phan to', 'phan loai', 'chi tieu phan to'];

/** First column of a table whose rows are indicators, not units ("Chỉ tiêu", "Nội dung"). */
export const INDICATOR_LABEL_WORDS = ['chi tieu', 'noi dung', 'chi so', 'danh muc', 'cac chi tieu', 'ten chi tieu'];

/** "Đơn vị tính": the unit of measure of an indicator row, not a unit of the territory. */
export const MEASURE_UNIT_WORDS = ['don vi tinh', 'dvt'];
/** A column of remarks typed in words ("Ghi chú": merged, provisional figures…), never numbers to check. */
export const NOTE_COLUMN_WORDS = ['ghi chu', 'chu thich', 'ly do', 'note', 'notes', 'remarks'];

// ---- populations ----------------------------------------------------------------------

export type PopulationWord = 'poorAndNearPoor' | 'nearPoor' | 'poor' | 'middle' | 'all';

/** Who is counted. Order matters: "hộ nghèo và hộ cận nghèo" before "cận nghèo" before "nghèo". */
export const POPULATION: Entry<PopulationWord>[] = [
  { value: 'poorAndNearPoor', words: ['ngheo,? (va )?(ho )?can ngheo', 'ngheo ?(\\+|-|/) ?(ho )?can ngheo', '\\bhn ?(va|\\+|,) ?hcn\\b'] },
  { value: 'nearPoor', words: ['can ngheo', '\\bhcn\\b', '\\bcn\\b'] },
  { value: 'middle', words: ['muc song trung binh', 'nong,? lam,? ngu nghiep', '\\bnlnn\\b', '\\bnl\\b'] },
  { value: 'poor', words: ['ngheo', '\\bhn\\b', '\\bgn\\b', '\\bcs ?gn\\b'] },
  { value: 'all', words: ['dan so', 'ho dan', 'dan cu', 'toan bo (so )?ho', 'tong so ho\\b(?! ngheo| can)'] },
];

// ---- measures -------------------------------------------------------------------------

export type Measure = 'households' | 'persons';

/** A unit suffix in parentheses is a measure, never a role: "Chỉ tiêu giảm (hộ)". */
export const MEASURE_SUFFIX: Entry<Measure | 'rate'>[] = [
  { value: 'households', words: ['\\((so )?ho\\)'] },
  { value: 'persons', words: ['\\((nguoi|khau|nhan khau)\\)'] },
  { value: 'rate', words: ['\\((ty le )?%\\)', '\\(ti le %\\)'] },
];

export const MEASURE: Entry<Measure>[] = [
  { value: 'persons', words: ['nhan khau', 'so nguoi', 'so khau', '\\bkhau\\b', '\\bnguoi\\b(?! co cong| dan toc| lao dong)'] },
  { value: 'households', words: ['\\bho\\b', 'so ho'] },
];

/** Headers that only say "how many": they count whatever their group names. */
export const GENERIC_COUNT = /^(so ho|so luong|tong so ho|tong so|tong|so khau|tong so khau|so nguoi|tong cong|cong|so)$/;

// ---- rates ----------------------------------------------------------------------------

export const RATE_WORDS = ['\\bt[yi] le\\b', '%'];

/** A target stated in rate points ("Chỉ tiêu giảm tỷ lệ hộ nghèo (%)", "giảm … điểm %"). */
export const RATE_POINTS_WORDS = ['giam (the )?t[yi] le', 'diem phan tram', 'diem %'];

/** A rate whose base is named: "so với tổng số hộ nghèo", "trên tổng số khẩu". */
export const RATE_BASE: Entry<'poor' | 'persons' | 'ethnicHouseholds'>[] = [
  { value: 'poor', words: ['(so voi|tren) (tong )?(so )?ho ngheo'] },
  { value: 'persons', words: ['(so voi|tren) (tong )?(so )?(nhan )?khau', '(so voi|tren) dan so'] },
  { value: 'ethnicHouseholds', words: ['(so voi|tren) (tong )?(so )?ho dtts'] },
];

// ---- flows ----------------------------------------------------------------------------

export type FlowWord = 'start' | 'end' | 'reentry' | 'new' | 'exit' | 'other' | 'decrease' | 'increase';

export const FLOW: Entry<FlowWord>[] = [
  { value: 'start', words: ['dau ky', 'dau nam', 'sau ra soat', 'dau giai doan', 'hien co', 'nam truoc', 'ket qua ra soat', 'thoi diem ra soat'] },
  { value: 'end', words: ['cuoi ky', 'cuoi nam', 'con lai', 'sau giam', 'cuoi giai doan'] },
  { value: 'reentry', words: ['tai ngheo', 'tai can ngheo', 'tai (ho )?hcn'] },
  { value: 'new', words: ['phat sinh', 'moi (ngheo|roi vao)'] },
  { value: 'exit', words: ['thoat ngheo', 'thoat can ngheo', 'thoat khoi', 'thoat (ho )?hn', 'vuot chuan'] },
  { value: 'other', words: ['\\bkhac\\b'] },
  { value: 'decrease', words: ['\\bgiam\\b'] },
  { value: 'increase', words: ['\\btang\\b', 'bo sung'] },
];

/** A planned figure (target), as opposed to a result. */
export const PLAN_WORDS = ['chi tieu', 'ke hoach', 'phan dau', 'phan dau', 'du kien', 'muc tieu'];

// ---- transfers between populations ----------------------------------------------------

/**
 * Direction words: the population they name is where a household goes or comes
 * from, never the population the column counts. `to` names the destination
 * after a verb; `from` the origin after "từ" or before the verb.
 */
const POP_NAME = '(?:ho )?(can ngheo|ngheo|hcn|hn)';
/** Verbs of moving from one population to another. */
const MOVE = '(?:tro thanh|tro lai|roi xuong|roi vao|chuyen sang|chuyen thanh|chuyen xuong|chuyen len|chuyen|xuong|len|sang|thanh|vao)';
export const TRANSFER_TO = new RegExp(`${MOVE}\\s+${POP_NAME}\\b`);
export const TRANSFER_FROM = new RegExp(`\\btu\\s+${POP_NAME}\\s+(?=${MOVE}\\b)`);
export const TRANSFER_FROM_BARE = new RegExp(`^(?:so )?${POP_NAME}\\s+(?=${MOVE}\\b)`);
/** "Vượt chuẩn cận nghèo": the near-poor line crossed, not a population. */
export const LINE_CROSSED = /vuot (chuan|nguong) (ho )?(can ngheo|ngheo)/;

// ---- subgroups ------------------------------------------------------------------------

export type SubgroupWord = 'unable' | 'able' | 'kinh' | 'ethnicLocal' | 'ethnic' | 'merit' | 'protection' | 'femaleHead' | 'deprivation';

export const SUBGROUP: Entry<SubgroupWord>[] = [
  {
    value: 'unable',
    words: [
      'khong (con )?(co )?kha nang lao dong',
      'khong (con )?co suc lao dong',
      'khong co lao dong',
      '\\bkcknld\\b',
      '\\bkhong cknld\\b',
      '\\bhn cung\\b',
      '\\bho cung\\b',
      'ngheo cung',
      'bao tro xa hoi khong',
    ],
  },
  { value: 'able', words: ['co kha nang (lao dong|thoat ngheo)', '\\bcs ?gn\\b', '\\bcknld\\b', 'co lao dong'] },
  { value: 'ethnicLocal', words: ['\\bdt tai cho\\b', 'dan toc tai cho', 'dan toc (thieu so )?tai cho'] },
  { value: 'kinh', words: ['^kinh$', '\\bdan toc kinh\\b', '\\bho kinh\\b', '\\bnguoi kinh\\b'] },
  { value: 'ethnic', words: ['\\bdtts\\b', 'dan toc thieu so', 'dong bao dan toc', '\\bdtts chung\\b'] },
  { value: 'merit', words: ['nguoi co cong', '\\bco cong\\b', '\\bcscc\\b', 'chinh sach co cong'] },
  { value: 'protection', words: ['bao tro xa hoi', '\\bbtxh\\b'] },
  { value: 'femaleHead', words: ['chu ho (la )?(nu|phu nu)', 'phu nu lam chu ho', 'nu lam chu ho'] },
  { value: 'deprivation', words: ['thieu hut', '\\bchi so\\b'] },
];

/** Residual "Khác": another flow, another group or another ethnic group, decided by its neighbours. */
export const RESIDUAL = /^(so ho |ho |nhom |doi tuong |dan toc )?khac\b/;

/**
 * Ethnic groups of Việt Nam (folded); a column headed with one is that group's
 * subgroup. The code is the name without spaces or apostrophes ("M'Nông" → mnong).
 */
export const ETHNIC_GROUPS = [
  'tay', 'thai', 'muong', 'khmer', 'hoa', 'nung', 'mong', "h'mong", 'hmong', 'dao', 'gia rai', 'jrai', 'e de', 'ede', 'ba na',
  'bahnar', 'xo dang', 'san chay', 'co ho', 'cham', 'san diu', 'hre', 'ra glai', 'raglai', "m'nong", 'mnong', 'x\'tieng', 'xtieng',
  'stieng', 'bru van kieu', 'van kieu', 'tho', 'giay', 'co tu', 'gie trieng', 'ma', 'kho mu', 'khmu', 'co', 'ta oi', 'cho ro',
  'khang', 'xinh mun', 'ha nhi', 'chu ru', 'lao', 'la chi', 'la ha', 'phu la', 'la hu', 'lu', 'lo lo', 'chut', 'mang', 'pa then',
  'co lao', 'cong', 'bo y', 'si la', 'pu peo', 'brau', 'o du', 'ro mam',
];

// ---- deprivation indicators (Decree 07/2021, in the order the forms use) ---------------

export const DEPRIVATION_INDICATORS: Entry<number>[] = [
  { value: 1, words: ['viec lam'] },
  { value: 2, words: ['nguoi phu thuoc'] },
  { value: 3, words: ['dinh duong'] },
  { value: 4, words: ['bao hiem y te', '\\bbhyt\\b'] },
  { value: 5, words: ['trinh do giao duc'] },
  { value: 6, words: ['tinh trang di hoc', 'di hoc cua tre'] },
  { value: 7, words: ['chat luong nha o'] },
  { value: 8, words: ['dien tich nha o'] },
  { value: 9, words: ['nguon nuoc'] },
  { value: 10, words: ['nha tieu', 'ho xi'] },
  { value: 11, words: ['vien thong'] },
  { value: 12, words: ['tiep can thong tin', 'phuong tien tiep can'] },
];

// ---- table finding ---------------------------------------------------------------------

/** A header row starts with one of these (ordinal, unit, indicator label). */
export const KEY_HEADER_WORDS = [...ORDINAL_WORDS.map((w) => `${w}\\b`), ...UNIT_WORDS, ...INDICATOR_LABEL_WORDS, ...UNIT_LEVELS.map((w) => `${w}\\b`)];

/** …and names at least one of these. */
export const MEASURE_HEADER_WORDS = ['\\bho\\b', 'ngheo', 't[yi] le', 'nhan khau', 'dan so', '\\bkhau\\b', '\\bhn\\b', '\\bhcn\\b', '\\b(19|20)\\d{2}\\b'];

/** Row labels of totals. */
export const TOTAL_WORDS = [
  'tong cong', 'cong', 'tong so', 'tong', 'toan tinh', 'toan huyen', 'toan xa', 'toan thanh pho', 'toan thi xa', 'toan quan',
  'toan phuong', 'toan thi tran', 'ca nuoc', 'chung',
];

/** Text below a table that ends it (signatures, notes). */
export const END_WORDS = ['ghi chu', 'nguoi lap', 'noi nhan', 'tm\\.', 'kt\\.', 'xac nhan', 'thu truong', 'chu tich', '\\*', 'luu y'];

/** A header that is a year or a period: the column of an indicator table ("Năm 2021", "2022", "Giai đoạn 2021-2025"). */
export const YEAR_HEADER = /^(nam |giai doan |ke hoach (nam )?|thuc hien (nam )?|uoc (th |thuc hien )?(nam )?)?(19|20)\d{2}(\s*-\s*(19|20)?\d{2,4})?$/;
