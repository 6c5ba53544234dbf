/**
 * The narration of the Dien Bien Phu show in Vietnamese, English and French: one entry per clip,
 * with the show time it starts at and where the narration-led spot points. Used by the voice
 * script (`makeVoices.ts`, espeak-ng placeholders) and the show builder (`buildShow.ts`).
 *
 * Historical sources followed (dates, places, units): the Vietnamese official history of the
 * campaign and the French accounts (Bernard Fall, "Hell in a Very Small Place"; Jules Roy).
 * Figures that accounts disagree on (losses) are left out; the garrison is "about 16,000".
 */

/** One narration clip: id, start, the place it speaks of, and its text per language. */
export interface NarrationLine {
  readonly id: string;
  /** Show time at which the voice starts, in seconds (the builder keeps lines from overlapping). */
  readonly startS: number;
  readonly vi: string;
  readonly en: string;
  readonly fr: string;
}

/** The languages of the show, in the order of the picker. */
export const NARRATION_LANGUAGES = ['vi', 'en', 'fr'] as const;

/** The narration, in show order. */
export const NARRATION: readonly NarrationLine[] = [
  {
    id: 'n01-welcome',
    startS: 42,
    vi: 'Cuối năm 1953, quân viễn chinh Pháp nhảy dù xuống thung lũng Mường Thanh, ở Điện Biên Phủ, gần biên giới Lào. Tướng Na-va, tổng chỉ huy quân Pháp ở Đông Dương, cho xây dựng tại đây một tập đoàn cứ điểm: bốn mươi chín cứ điểm, hai sân bay, và một đội quân lên tới khoảng mười sáu nghìn người, do đại tá Đờ Cát-xtơ-ri chỉ huy.',
    en: "November 1953. French paratroopers land in the valley of Muong Thanh, at Dien Bien Phu, close to the border with Laos. General Navarre, commander-in-chief of the French forces in Indochina, has an entrenched camp built here: forty-nine strongpoints, two airstrips, and a garrison that will grow to about sixteen thousand men, under Colonel de Castries.",
    fr: "Novembre 1953. Les parachutistes français sautent sur la vallée de Muong Thanh, à Diên Biên Phu, près de la frontière du Laos. Le général Navarre, commandant en chef en Indochine, y fait bâtir un camp retranché : quarante-neuf points d'appui, deux pistes d'aviation, et une garnison qui atteindra environ seize mille hommes, sous les ordres du colonel de Castries.",
  },
  {
    id: 'n02-nation',
    startS: 80,
    vi: 'Bên kia núi, cả dân tộc ra trận. Đại tướng Võ Nguyên Giáp đưa các đại đoàn 308, 312, 316, một trung đoàn của đại đoàn 304 và đại đoàn công pháo 351 vây quanh thung lũng. Hơn hai trăm sáu mươi nghìn dân công gánh gạo, đạn bằng vai, bằng xe đạp thồ, bằng ngựa, vượt hàng trăm cây số đường rừng.',
    en: "Beyond the mountains, the whole nation goes to battle. General Vo Nguyen Giap brings the People's Army divisions 308, 312 and 316, a regiment of the 304th, and the 351st heavy division of artillery and engineers around the valley. More than two hundred and sixty thousand civilian porters carry rice and ammunition on their shoulders, on bicycles and on horseback, over hundreds of kilometres of forest tracks.",
    fr: "De l'autre côté des montagnes, tout un peuple part au combat. Le général Vo Nguyen Giap amène autour de la vallée les divisions 308, 312 et 316 de l'Armée populaire, un régiment de la 304, et la division lourde 351, artillerie et génie. Plus de deux cent soixante mille porteurs civils acheminent le riz et les munitions à dos d'homme, à bicyclette et à cheval, sur des centaines de kilomètres de pistes.",
  },
  {
    id: 'n03-guns',
    startS: 125,
    vi: 'Ngày 26 tháng 1 năm 1954, Đại tướng quyết định thay đổi phương châm, từ đánh nhanh thắng nhanh sang đánh chắc tiến chắc. Những khẩu pháo đã kéo vào được kéo ra, rồi kéo vào lại bằng đường mới, đặt trong hầm trên sườn núi nhìn xuống lòng chảo.',
    en: "On the twenty-sixth of January 1954, Giap changes the plan: from 'strike fast, win fast' to 'strike surely, advance surely'. The guns already hauled into place are pulled back out by hand, then brought in again along new tracks, and dug into casemates on the slopes above the valley.",
    fr: "Le vingt-six janvier 1954, Giap change de méthode : non plus « frapper vite, vaincre vite », mais « frapper sûrement, avancer sûrement ». Les canons déjà hissés en position sont ramenés à bras, puis réinstallés par de nouvelles pistes, enterrés dans des casemates sur les pentes qui dominent la cuvette.",
  },
  {
    id: 'n04-him-lam',
    startS: 215,
    vi: 'Mười bảy giờ năm phút, ngày 13 tháng 3 năm 1954. Pháo binh ta đồng loạt khai hỏa vào cụm cứ điểm Him Lam. Các trung đoàn 141 và 209 của đại đoàn 312 xung phong lên ba quả đồi. Trước nửa đêm, Him Lam bị tiêu diệt. Chiến dịch Điện Biên Phủ đã bắt đầu.',
    en: "Five past five in the afternoon, the thirteenth of March 1954. The People's Army artillery opens fire on Him Lam, the strongpoint the French call Beatrice. Regiments 141 and 209 of the 312th Division storm its three hills. Before midnight, Him Lam has fallen. The battle of Dien Bien Phu has begun.",
    fr: "Dix-sept heures cinq, le treize mars 1954. L'artillerie de l'Armée populaire ouvre le feu sur Him Lam, le point d'appui que les Français appellent Béatrice. Les régiments 141 et 209 de la division 312 montent à l'assaut de ses trois collines. Avant minuit, Béatrice est tombée. La bataille de Diên Biên Phu a commencé.",
  },
  {
    id: 'n05-doc-lap',
    startS: 285,
    vi: 'Đêm 14 rạng sáng 15 tháng 3, đại đoàn 308 cùng trung đoàn 165 đánh chiếm đồi Độc Lập ở phía bắc. Ngày 17, quân địch ở Bản Kéo bỏ vị trí. Cánh cửa phía bắc của thung lũng đã mở. Chỉ huy pháo binh Pháp, đại tá Pi-rốt, người từng hứa sẽ bịt miệng pháo đối phương, đã tự sát.',
    en: "In the night of the fourteenth to the fifteenth of March, the 308th Division, with the 165th Regiment, takes Doc Lap hill, Gabrielle, to the north. On the seventeenth, the Thai troops holding Ban Keo, Anne-Marie, abandon their posts. The northern gate of the valley is open. Colonel Piroth, the French artillery commander, who had promised to silence the enemy guns, has taken his own life.",
    fr: "Dans la nuit du quatorze au quinze mars, la division 308, avec le régiment 165, enlève la colline de Doc Lap, Gabrielle, au nord. Le dix-sept, les soldats thaïs qui tiennent Ban Keo, Anne-Marie, quittent leurs postes. La porte nord de la vallée est ouverte. Le colonel Piroth, chef de l'artillerie française, qui avait promis de faire taire les canons adverses, s'est donné la mort.",
  },
  {
    id: 'n06-east',
    startS: 395,
    vi: 'Ngày 30 tháng 3, đợt tấn công thứ hai đánh vào các điểm cao phía đông: Dominique, Éliane, các đồi C1 và A1. Đêm đêm, giao thông hào của ta bò dần qua cánh đồng, siết chặt vòng vây đến sát hàng rào dây thép gai.',
    en: "On the thirtieth of March, the second offensive strikes the hills to the east: Dominique, Eliane, and the hills the People's Army calls C1 and A1. Night after night, the besiegers' trenches creep across the fields, closer and closer to the barbed wire of the strongpoints.",
    fr: "Le trente mars, la deuxième offensive frappe les collines de l'est : Dominique, Éliane, et les hauteurs que l'Armée populaire appelle C1 et A1. Nuit après nuit, les tranchées des assiégeants progressent à travers les rizières, toujours plus près des barbelés.",
  },
  {
    id: 'n07-a1',
    startS: 445,
    vi: 'Đồi A1, tức Éliane 2, là chìa khóa của cả phân khu trung tâm. Ba mươi chín ngày đêm, hai bên giành nhau từng tấc đất, hầm ngầm của địch trên đỉnh, chiến hào hai bên chỉ cách nhau vài bước chân.',
    en: "Hill A1, Eliane 2, is the key to the whole central sector. For thirty-nine days and nights, the two sides fight for every metre of it: the French bunker on the summit, the trenches of both armies a few paces apart.",
    fr: "La colline A1, Éliane 2, est la clé de tout le secteur central. Trente-neuf jours et trente-neuf nuits, on s'y bat pour chaque mètre : le blockhaus français au sommet, les tranchées des deux camps à quelques pas l'une de l'autre.",
  },
  {
    id: 'n08-monsoon',
    startS: 500,
    vi: 'Tháng Tư, mùa mưa đến. Chiến hào ngập nước và bùn. Sân bay bị pháo khống chế, máy bay không hạ cánh được nữa; nhiều dù tiếp tế rơi sang trận địa của ta. Ngày 1 tháng 5, đợt tấn công thứ ba bắt đầu.',
    en: "In April the monsoon comes. The trenches fill with rain and mud. The airstrip lies under the guns and no aircraft can land; many supply parachutes drift into the besiegers' lines. On the first of May, the third offensive begins.",
    fr: "En avril arrive la mousson. Les tranchées se remplissent d'eau et de boue. La piste est sous le feu, aucun avion ne peut plus se poser ; bien des colis parachutés tombent dans les lignes adverses. Le premier mai commence la troisième offensive.",
  },
  {
    id: 'n09-explosion',
    startS: 600,
    vi: 'Hai mươi giờ ba mươi phút, ngày 6 tháng 5. Khối bộc phá gần một tấn, do công binh đào đường hầm đặt sâu trong lòng đồi, nổ tung dưới hầm ngầm trên đỉnh A1. Trước rạng sáng ngày 7, đồi A1 hoàn toàn thuộc về ta.',
    en: "Half past eight in the evening, the sixth of May. Almost a tonne of explosive, carried by sappers through a tunnel deep under the hill, blows up beneath the bunker on the summit of A1. Before dawn on the seventh, the hill is taken.",
    fr: "Vingt heures trente, le six mai. Près d'une tonne d'explosifs, apportée par les sapeurs au fond d'une galerie creusée sous la colline, explose sous le blockhaus du sommet d'A1. Avant l'aube du sept, la colline est prise.",
  },
  {
    id: 'n10-victory',
    startS: 660,
    vi: 'Chiều ngày 7 tháng 5, các tuyến phòng thủ cuối cùng tan vỡ. Bộ đội vượt cầu Mường Thanh qua sông Nậm Rốm. Mười bảy giờ ba mươi phút, tướng Đờ Cát-xtơ-ri và toàn bộ bộ tham mưu bị bắt sống tại hầm chỉ huy. Lá cờ Quyết chiến Quyết thắng tung bay trên nóc hầm.',
    en: "On the afternoon of the seventh of May, the last lines break. The People's Army crosses the Muong Thanh bridge over the Nam Rom river. At half past five, General de Castries and his staff are captured in their command bunker, and the flag 'Determined to fight, determined to win' is raised over it.",
    fr: "L'après-midi du sept mai, les dernières lignes cèdent. L'Armée populaire franchit le pont de Muong Thanh sur la Nam Rom. À dix-sept heures trente, le général de Castries et son état-major sont faits prisonniers dans leur abri de commandement, et le drapeau « Résolus à combattre, résolus à vaincre » est hissé au-dessus.",
  },
  {
    id: 'n11-peace',
    startS: 722,
    vi: 'Năm mươi sáu ngày đêm. Chiến thắng Điện Biên Phủ dẫn tới Hiệp định Giơ-ne-vơ tháng 7 năm 1954, chấm dứt chiến tranh ở Đông Dương. Giờ đây, ánh sáng trở lại với bức tranh. Xin mời quý khách thong thả ngắm nhìn.',
    en: "Fifty-six days and nights. The victory of Dien Bien Phu led to the Geneva Accords of July 1954, which ended the war in Indochina. The light now returns to the painting. Please take your time to look at it.",
    fr: "Cinquante-six jours et cinquante-six nuits. La victoire de Diên Biên Phu conduit aux accords de Genève de juillet 1954, qui mettent fin à la guerre d'Indochine. La lumière revient maintenant sur la toile. Prenez le temps de la regarder.",
  },
];
