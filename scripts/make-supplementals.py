#!/usr/bin/env python3
"""Writes the labelled supplemental statements fixtures/agreements/s7-* ... s22-* and their
labels (fixtures/agreements/supplemental-labels.json, merged with the hand-written labels of
s1-s6 kept there).

Each statement is laid out as `pdftotext -layout` extracts DOJ's form NSD-2 (items 14(a)
RECEIPTS-MONIES, 14(b), 15(a) DISBURSEMENTS-MONIES, 15(b), 15(c) or, on older forms, 16
political contributions): table cells wrap inside their column and are top-aligned, numbers
may be right-aligned, headers may wrap, the NSD stamp heads every page. The rows are the
labels, so text and labels cannot disagree. Firms, principals and people are invented.

Run from the repository root: python3 scripts/make-supplementals.py
"""
import json
import os
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "fixtures", "agreements")
LABELS = os.path.join(DIR, "supplemental-labels.json")


def table(columns, rows, margin=0, gap=3):
    """columns: [(title, width, align)]; title may hold '\\n' (a wrapped header). rows: lists
    of cell strings ('' for empty); a row may be a plain string, written as it is."""
    out = []
    titles = [c[0].split("\n") for c in columns]
    for i in range(max(len(t) for t in titles)):
        cells = []
        for (title, width, align), t in zip(columns, titles):
            s = t[i] if i < len(t) else ""
            cells.append(s.rjust(width) if align == "r" else s.ljust(width))
        out.append((" " * margin + (" " * gap).join(cells)).rstrip())
    for row in rows:
        if isinstance(row, str):
            out.append(row)
            continue
        wrapped = [textwrap.wrap(cell, width) or [""] for cell, (_, width, _) in zip(row, columns)]
        for i in range(max(len(w) for w in wrapped)):
            cells = []
            for w, (_, width, align) in zip(wrapped, columns):
                s = w[i] if i < len(w) else ""
                cells.append(s.rjust(width) if align == "r" else s.ljust(width))
            out.append((" " * margin + (" " * gap).join(cells)).rstrip())
    return out


STAMP = "Received by NSD/FARA Registration Unit {} 4:12:09 PM"


def front(stamp, reg_no, registrant, period_end, omb=True):
    lines = [STAMP.format(stamp)]
    if omb:
        lines += ["                                                                OMB No. 1124-0002; Expires July 31, 2026"]
    lines += [
        "U.S. Department of Justice                                    Supplemental Statement",
        "Washington, DC 20530                                          Pursuant to the Foreign Agents Registration Act of",
        "                                                              1938, as amended",
        "",
        f"For 6 Month Period Ending {period_end}",
        "                                                  (Insert date)",
        "",
        "                                                   I - REGISTRANT",
        "1. (a) Name of Registrant                                            (b) Registration Number",
        f"       {registrant:<60}{reg_no}",
        "",
        "                                             IV - FINANCIAL INFORMATION",
        "",
    ]
    return lines


def q14(mark):
    return [
        "14. (a) RECEIPTS-MONIES",
        "During this 6 month reporting period, have you received from any foreign principal named in Item 7 any",
        "contributions, income, money, or other things of value in connection with activity on behalf of any foreign",
        f"principal named in Item 7?                                                  {mark}",
        "If yes, set forth below in the required detail and separately for each foreign principal an account of such",
        "monies.1",
        "",
    ]


def q14b(mark):
    return [
        "",
        "(b) RECEIPTS-THINGS OF VALUE",
        "During this 6 month reporting period, have you received any thing of value2 other than money from any foreign",
        "principal named in Item 7, or from any other source, for or in the interests of any such foreign principal?",
        f"                                                                            {mark}",
        "",
    ]


def q15(mark1, mark2="Yes ☐   No ☒"):
    return [
        "",
        "15. (a) DISBURSEMENTS-MONIES",
        "During this 6 month reporting period, have you",
        f"(1) disbursed or expended monies in connection with activity on behalf of any foreign principal named in   {mark1}",
        "Item 7?",
        f"(2) transmitted monies to any such foreign principal?                                                   {mark2}",
        "If yes, set forth below in the required detail and separately for each foreign principal an account of such",
        "monies, including monies transmitted, if any, to each foreign principal.",
        "",
    ]


def q15b():
    return [
        "",
        "(b) DISBURSEMENTS-THINGS OF VALUE",
        "During this 6 month reporting period, have you disposed of anything of value3 other than money in furtherance",
        "of or in connection with activities on behalf of any foreign principal named in Item 7?     Yes ☐   No ☒",
        "",
    ]


def q15c(mark):
    return [
        "",
        "(c) DISBURSEMENTS-POLITICAL CONTRIBUTIONS",
        "During this 6 month reporting period, have you from your own funds and on your own behalf either directly or",
        "through any other person, made any contributions of money or other things of value4 in connection with an",
        "election to any political office, or in connection with any primary election, convention, or caucus held to",
        f"select candidates for political office?                                      {mark}",
        "If yes, furnish the following information:",
        "",
    ]


def footnotes14():
    return [
        "",
        "1 A registrant is required to file an Exhibit D if he collects or receives contributions, loans, moneys, or other",
        "things of value for a foreign principal, as part of a fundraising campaign. (See Rule 201(e)).",
        "2 Things of value include but are not limited to gifts, interest free loans, expense free travel, favored stock",
        "purchases, exclusive rights, favored treatment over competitors, \"kickbacks,\" and the like.",
    ]


def tail():
    return [
        "",
        "                                           V - INFORMATIONAL MATERIALS",
        "16. (a) During this 6 month reporting period, did you prepare, disseminate or cause to be disseminated any",
        "informational materials?                                                    Yes ☐   No ☒",
        "",
        "                                                 VI - EXECUTION",
        "In accordance with 28 U.S.C. § 1746, the undersigned swears or affirms under penalty of perjury that he/she has",
        "read the information set forth in this registration statement and the attached exhibits and that he/she is familiar",
        "with the contents thereof and that such contents are in their entirety true and accurate to the best of his/her",
        "knowledge and belief.",
    ]


YES, NO = "Yes ☒   No ☐", "Yes ☐   No ☒"
R_COLS = [("Foreign Principal", 24, "l"), ("Date\nReceived", 10, "l"), ("From Whom", 22, "l"),
          ("Purpose", 24, "l"), ("Amount/\nSubtotal", 13, "r")]
D_COLS = [("Foreign Principal", 24, "l"), ("Date", 10, "l"), ("Recipient", 22, "l"),
          ("Purpose", 24, "l"), ("Amount/\nSubtotal", 13, "r")]
C_COLS = [("Date", 10, "l"), ("Amount or Thing\nof Value", 15, "r"),
          ("Political Organization or\nCandidate", 28, "l"), ("Location of Event", 20, "l")]

statements = {}


def usd(x):
    return "${:,.2f}".format(x)


def receipt(fp, date, who, purpose, amount, currency="USD"):
    return {"foreign_principal": fp, "date": date, "received_from": who, "purpose": purpose,
            "amount": amount, "currency": currency}


def disb(fp, date, to, purpose, amount, currency="USD"):
    return {"foreign_principal": fp, "date": date, "recipient": to, "purpose": purpose,
            "amount": amount, "currency": currency}


def contrib(date, to, amount, currency="USD"):
    return {"date": date, "recipient": to, "amount": amount, "currency": currency}


def us(d):
    y, m, dd = d.split("-")
    return f"{m}/{dd}/{y}"


# s7: the current eFile form. A principal wrapped over three lines, from-whom and purpose
# wrapped, subtotals alone in the amount column, a total; 15(a) with a wrapped recipient;
# 15(c) answered No.
fp7 = "Ministry of Economy and Trade of the Republic of Norland"
r7 = [receipt(fp7, "2023-01-10", "Embassy of the Republic of Norland", "Strategic communications retainer, January 2023", 42000.0),
      receipt(fp7, "2023-02-10", "Embassy of the Republic of Norland", "Strategic communications retainer, February 2023", 42000.0),
      receipt("Norland Investment Promotion Agency", "2023-03-15", "Norland Investment Promotion Agency", "Investor outreach", 18500.0)]
d7 = [disb(fp7, "2023-02-01", "Copperline Digital Media Services Inc.", "Paid social media placement", 7250.0),
      disb(fp7, "2023-03-02", "Ledger Street Printing", "Briefing books", 1180.55)]
lines = front("04/27/2023", 7411, "Brightwater Atlantic Strategies LLC", "03/31/2023") + q14(YES)
lines += table(R_COLS, [
    [fp7, us(r7[0]["date"]), r7[0]["received_from"], r7[0]["purpose"], usd(42000)],
    ["", us(r7[1]["date"]), r7[1]["received_from"], r7[1]["purpose"], usd(42000)],
    ["", "", "", "", usd(84000)],
    [r7[2]["foreign_principal"], us(r7[2]["date"]), r7[2]["received_from"], r7[2]["purpose"], usd(18500)],
    ["", "", "", "", usd(18500)],
    ["", "", "", "Total", usd(102500)],
])
lines += footnotes14() + ["\f" + STAMP.format("04/27/2023")] + q14b(NO) + q15(YES)
lines += table(D_COLS, [
    [fp7, us(d7[0]["date"]), d7[0]["recipient"], d7[0]["purpose"], usd(7250)],
    ["", us(d7[1]["date"]), d7[1]["recipient"], d7[1]["purpose"], usd(1180.55)],
    ["", "", "", "Total", usd(8430.55)],
])
lines += q15b() + q15c(NO) + tail()
statements["s7-supplemental-efile-wrapped"] = (lines, "reported", r7, d7, [])

# s8: euros as registrants write them ("EUR 18.000,00", "€18,000", "18.000,00 €"), the table
# continued on a second page under a repeated header, 15(a) answered No, two contributions.
fp8 = "Bundesverband der Example-Industrie Ostmark"
r8 = [receipt(fp8, "2022-07-05", fp8, "Monthly retainer July", 18000.0, "EUR"),
      receipt(fp8, "2022-08-05", fp8, "Monthly retainer August", 18000.0, "EUR"),
      receipt(fp8, "2022-09-06", fp8, "Monthly retainer September", 18000.0, "EUR"),
      receipt(fp8, "2022-10-05", fp8, "Monthly retainer October", 18000.0, "EUR"),
      receipt(fp8, "2022-11-07", fp8, "Event costs, Washington roundtable", 2450.5, "EUR")]
c8 = [contrib("2022-09-14", "Friends of Dana Example", 1000.0), contrib("2022-10-20", "Example Valley PAC", 500.0)]
cols8 = [("Foreign Principal", 28, "l"), ("Date Received", 13, "l"), ("From Whom", 28, "l"), ("Purpose", 26, "l"), ("Amount", 14, "l")]
lines = front("12/22/2022", 7302, "Potomac Lindqvist Partners LLP", "11/30/2022") + q14(YES)
lines += table(cols8, [
    [fp8, us(r8[0]["date"]), fp8, r8[0]["purpose"], "EUR 18.000,00"],
    [fp8, us(r8[1]["date"]), fp8, r8[1]["purpose"], "€18,000"],
    [fp8, us(r8[2]["date"]), fp8, r8[2]["purpose"], "18.000,00 €"],
])
lines += ["", "\f" + STAMP.format("12/22/2022"), "14. (a) RECEIPTS-MONIES (continued)"]
lines += table(cols8, [
    [fp8, us(r8[3]["date"]), fp8, r8[3]["purpose"], "EUR 18,000.00"],
    [fp8, us(r8[4]["date"]), fp8, r8[4]["purpose"], "EUR 2.450,50"],
    ["", "", "", "Total", "EUR 74.450,50"],
])
lines += q14b(NO) + q15(NO, NO) + q15b() + q15c(YES)
lines += table(C_COLS, [[us(c["date"]), usd(c["amount"]), c["recipient"], loc] for c, loc in
                        zip(c8, ["Arlington, VA", "Richmond, VA"])])
lines += tail()
statements["s8-supplemental-euro-pages"] = (lines, "reported", r8, [], c8)

# s9: receipts answered No with bracket boxes; disbursements and contributions present (the
# older form's item 16).
d9 = [disb("Tourism Authority of Solmere", "2021-08-03", "Harbor Events Group", "Reception venue", 5600.0),
      disb("Tourism Authority of Solmere", "2021-09-21", "Greenline Travel", "Journalist travel", 3125.0)]
c9 = [contrib("2021-10-02", "Committee to Elect Jordan Example", 2900.0)]
lines = [STAMP.format("01/28/2022"), "Supplemental Statement", "Pursuant to the Foreign Agents Registration Act of 1938, as amended",
         "For Six Month Period Ending 12/31/2021", "", "1. Name of Registrant: Quillfeather Public Affairs Inc.     Registration No. 6655", "",
         "III - FINANCIAL INFORMATION", "", "14. (a) RECEIPTS-MONIES",
         "During this 6 month reporting period, have you received from any foreign principal named in Item 7 any",
         "contributions, income, money, or other things of value in connection with activity on behalf of any foreign",
         "principal named in Item 7?       Yes [ ]     No [X]", "",
         "(b) RECEIPTS-THINGS OF VALUE", "Yes [ ]     No [X]", "",
         "15. (a) DISBURSEMENTS-MONIES", "Yes [X]     No [ ]", ""]
lines += table([("Foreign Principal", 30, "l"), ("Date", 10, "l"), ("To Whom", 20, "l"), ("Purpose", 20, "l"), ("Amount", 12, "r")],
               [[d["foreign_principal"], us(d["date"]), d["recipient"], d["purpose"], usd(d["amount"])] for d in d9]
               + [["", "", "", "Total", usd(8725)]])
lines += ["", "(b) DISBURSEMENTS-THINGS OF VALUE", "Yes [ ]     No [X]", "",
          "16. During this 6 month reporting period, have you from your own funds and on your own behalf either directly",
          "or through any other person, made any contributions of money or other things of value in connection with an",
          "election to any political office?     Yes [X]     No [ ]", ""]
lines += table([("Date", 12, "l"), ("Amount", 10, "r"), ("Political Organization or Candidate", 36, "l"), ("Location of Event", 18, "l")],
               [[us(c9[0]["date"]), usd(2900), c9[0]["recipient"], "Columbus, OH"]])
lines += ["", "V - INFORMATIONAL MATERIALS", "17. Did you prepare, disseminate or cause to be disseminated any informational materials?  No"]
statements["s9-supplemental-no-receipts-disbursements"] = (lines, "none", [], d9, c9)

# s10: "None." under 14(a): none reported. 15(a) None.
lines = [STAMP.format("07/15/2020"), "SUPPLEMENTAL STATEMENT", "For 6 Month Period Ending 06/30/2020", "",
         "Name of Registrant: Meridian Crest Advisory Group     Registration No. 6902", "",
         "14. (a) RECEIPTS-MONIES", "During this 6 month reporting period, have you received from any foreign principal named in",
         "Item 7 any contributions, income, money, or other things of value?", "", "None.", "",
         "(b) RECEIPTS-THINGS OF VALUE", "None.", "", "15. (a) DISBURSEMENTS-MONIES", "None.", "",
         "(b) DISBURSEMENTS-THINGS OF VALUE", "None.", "", "(c) DISBURSEMENTS-POLITICAL CONTRIBUTIONS", "None."]
statements["s10-supplemental-none-text"] = (lines, "none", [], [], [])

# s11: pounds sterling, dates spelled out, principals as headings above their rows, "Total for"
# lines per principal.
r11 = [receipt("Office of the First Minister of Caldera", "2023-03-03", "Caldera Trade House Ltd", "Quarterly fee Q1", 37500.0, "GBP"),
       receipt("Office of the First Minister of Caldera", "2023-06-02", "Caldera Trade House Ltd", "Quarterly fee Q2", 37500.0, "GBP"),
       receipt("Caldera Chamber of Shipping", "2023-05-19", "Caldera Chamber of Shipping", "Conference sponsorship advice", 9800.0, "GBP")]
lines = front("07/28/2023", 7188, "Thistledown & Marsh Consulting Ltd", "06/30/2023") + q14("Yes ☒   No ☐")
cols11 = [("Date Received", 16, "l"), ("From Whom", 26, "l"), ("Purpose", 30, "l"), ("Amount", 12, "r")]
lines += ["Office of the First Minister of Caldera"]
lines += table(cols11, [["March 3, 2023", r11[0]["received_from"], r11[0]["purpose"], "£37,500.00"],
                        ["June 2, 2023", r11[1]["received_from"], r11[1]["purpose"], "£37,500.00"],
                        ["", "", "Total for this principal", "£75,000.00"]], margin=3)
lines += ["", "Caldera Chamber of Shipping"]
lines += table(cols11, [["May 19, 2023", r11[2]["received_from"], r11[2]["purpose"], "£9,800.00"],
                        ["", "", "Total for this principal", "£9,800.00"]], margin=3)
lines += q14b(NO) + q15(NO, NO) + q15b() + q15c(NO) + tail()
statements["s11-supplemental-pounds-headings"] = (lines, "reported", r11, [], [])

# s12: Swiss francs as bare amounts under "Amount (CHF)"; amount before purpose.
r12 = [receipt("Cantonal Bank of Example-Valais", "2020-02-14", None, "Advice on U.S. banking regulation", 12000.0, "CHF"),
       receipt("Cantonal Bank of Example-Valais", "2020-05-14", None, "Advice on U.S. banking regulation", 12000.0, "CHF"),
       receipt("Alpine Watchmakers Association", "2020-04-01", None, "Trade policy monitoring", 8500.5, "CHF")]
lines = [STAMP.format("06/29/2020"), "Supplemental Statement", "For Six Month Period Ending 05/31/2020", "",
         "Name of Registrant: Larchmont Hill Group", "", "14. (a) RECEIPTS-MONIES", "Yes [X]   No [ ]", ""]
lines += table([("Foreign Principal", 32, "l"), ("Date", 10, "l"), ("Amount (CHF)", 12, "r"), ("Purpose", 34, "l")],
               [[r["foreign_principal"], us(r["date"]), "{:,.2f}".format(r["amount"]).replace(",", "'"), r["purpose"]] for r in r12]
               + [["", "", "32'500.50", "Total"]])
lines += ["", "(b) RECEIPTS-THINGS OF VALUE", "No", "", "15. (a) DISBURSEMENTS-MONIES", "No"]
statements["s12-supplemental-chf-amount-first"] = (lines, "reported", r12, [], [])

# s13: yen and dollars for two principals; from-whom wrapped over two lines.
r13 = [receipt("Example Heavy Industries Co., Ltd.", "2024-08-20", "Example Heavy Industries America Holdings Inc.", "Government relations", 1500000.0, "JPY"),
       receipt("Example Heavy Industries Co., Ltd.", "2024-11-20", "Example Heavy Industries America Holdings Inc.", "Government relations", 1500000.0, "JPY"),
       receipt("Kansai Example Prefecture", "2024-10-01", "Office of the Governor", "Sister-state program", 20000.0, "USD")]
lines = front("01/30/2025", 7530, "Sakura Bridge Associates LLC", "12/31/2024") + q14(YES)
lines += table([("Foreign Principal", 22, "l"), ("Date Received", 14, "l"), ("From Whom", 24, "l"), ("Purpose", 20, "l"), ("Amount/Subtotal", 16, "r")],
               [[r13[0]["foreign_principal"], us(r13[0]["date"]), r13[0]["received_from"], r13[0]["purpose"], "¥1,500,000"],
                ["", us(r13[1]["date"]), r13[1]["received_from"], r13[1]["purpose"], "¥1,500,000"],
                ["", "", "", "", "¥3,000,000"],
                [r13[2]["foreign_principal"], us(r13[2]["date"]), r13[2]["received_from"], r13[2]["purpose"], usd(20000)],
                ["", "", "", "", usd(20000)]])
lines += footnotes14() + q14b(NO) + q15(NO, NO) + q15b() + q15c(NO) + tail()
statements["s13-supplemental-yen-and-dollars"] = (lines, "reported", r13, [], [])

# s14: an intermediary pays for the principal; a row wrapped over three lines in three columns.
fp14 = "State Oil Company of the Republic of Austral Kell"
r14 = [receipt(fp14, "2019-04-30", "Abernethy Vance & Cole LLP, counsel to the State Oil Company", "Legal and public affairs support for the 2019 bond offering", 150000.0),
       receipt(fp14, "2019-06-28", "Abernethy Vance & Cole LLP", "Public affairs support", 75000.0)]
lines = front("07/30/2019", 6811, "Kestrel Road Advisors, LLC", "06/30/2019", omb=False) + q14(YES)
lines += table([("Foreign Principal", 20, "l"), ("Date", 10, "l"), ("From Whom", 24, "l"), ("Purpose", 24, "l"), ("Amount", 12, "l")],
               [[fp14, us(r14[0]["date"]), r14[0]["received_from"], r14[0]["purpose"], usd(150000)],
                ["", us(r14[1]["date"]), r14[1]["received_from"], r14[1]["purpose"], usd(75000)],
                ["", "", "", "TOTAL", usd(225000)]])
lines += q14b(NO) + q15(NO, NO) + q15c(NO) + tail()
statements["s14-supplemental-intermediary-three-lines"] = (lines, "reported", r14, [], [])

# s15: an older form: the principal named on a "Name of Foreign Principal:" line, two-digit
# years, item 16 political contributions with three rows.
r15 = [receipt("Ministry of Tourism of Isla Verdana", "2014-01-15", "Ministry of Tourism", "Tourism promotion", 25000.0),
       receipt("Ministry of Tourism of Isla Verdana", "2014-02-14", "Ministry of Tourism", "Tourism promotion", 25000.0),
       receipt("Ministry of Tourism of Isla Verdana", "2014-03-17", "Ministry of Tourism", "Media tour expenses", 6200.0)]
c15 = [contrib("2014-02-03", "Citizens for Pat Example", 250.0), contrib("2014-03-11", "Example State Democratic Party", 1500.0),
       contrib("2014-04-22", "Friends of Lee Example", 500.0)]
lines = [STAMP.format("05/01/2014"), "                         U.S. Department of Justice", "                         Washington, DC 20530",
         "                 Supplemental Statement", "  Pursuant to Section 2 of the Foreign Agents Registration Act of 1938, as amended",
         "For Six Month Period Ending 3/31/2014", "", "I - REGISTRANT", "1. (a) Name of Registrant          (b) Registration No.",
         "   Coral Gate Communications, Inc.        5810", "", "IV - FINANCIAL INFORMATION", "", "14. (a) RECEIPTS-MONIES",
         "During this 6 month reporting period, have you received from any foreign principal named in Items 7, 8, or 9 of",
         "this statement, or from any other source, for or in the interests of any such foreign principal, any contributions,",
         "income or money either as compensation or otherwise?          Yes X     No", "",
         "If yes, set forth below in the required detail and separately for each foreign principal an account of such monies.",
         "", "Name of Foreign Principal: Ministry of Tourism of Isla Verdana", ""]
lines += table([("Date", 9, "l"), ("From Whom", 22, "l"), ("Purpose", 22, "l"), ("Amount", 11, "r")],
               [["1/15/14", "Ministry of Tourism", "Tourism promotion", usd(25000)],
                ["2/14/14", "Ministry of Tourism", "Tourism promotion", usd(25000)],
                ["3/17/14", "Ministry of Tourism", "Media tour expenses", usd(6200)],
                ["", "", "Total", usd(56200)]], margin=2)
lines += ["", "15. (a) DISBURSEMENTS-MONIES", "During this 6 month reporting period, have you",
          "(1) disbursed or expended monies in connection with activity on behalf of any foreign principal named in",
          "Items 7, 8, or 9 of this statement?        Yes     No X", "",
          "16. POLITICAL CONTRIBUTIONS",
          "During this 6 month reporting period, have you from your own funds and on your own behalf either directly or",
          "through any other person, made any contributions of money or other things of value in connection with an",
          "election to any political office, or in connection with any primary election, convention, or caucus held to",
          "select candidates for political office?      Yes X     No", "If yes, furnish the following information:", ""]
lines += table([("Date", 10, "l"), ("Amount or Thing of Value", 24, "l"), ("Political Organization or Candidate", 36, "l"), ("Location of Event", 18, "l")],
               [[us(c["date"]), usd(c["amount"]), c["recipient"], loc] for c, loc in zip(c15, ["Miami, FL", "Tampa, FL", "Orlando, FL"])])
lines += ["", "V - INFORMATIONAL MATERIALS", "17. During this 6 month reporting period, did you prepare, disseminate or cause to be",
          "disseminated any informational materials?      Yes     No X"]
statements["s15-supplemental-older-form-item16"] = (lines, "reported", r15, [], c15)

# s16: a final statement: boxes before the words, everything answered No.
lines = front("03/03/2025", 7044, "Northgate Civic Strategies LLC", "02/28/2025") + [
    "14. (a) RECEIPTS-MONIES",
    "During this 6 month reporting period, have you received from any foreign principal named in Item 7 any",
    "contributions, income, money, or other things of value in connection with activity on behalf of any foreign",
    "principal named in Item 7?                                         ☐ Yes   ☒ No",
    "If yes, set forth below in the required detail and separately for each foreign principal an account of such",
    "monies.1", ""] + footnotes14() + q14b("☐ Yes   ☒ No") + q15("☐ Yes   ☒ No", "☐ Yes   ☒ No") + q15c("☐ Yes   ☒ No") + tail()
statements["s16-supplemental-final-all-no"] = (lines, "none", [], [], [])

# s17: a quarterly retainer dated by ranges, Canadian dollars with a code after the amount,
# and disbursements without a principal column.
r17 = [receipt("Ministry of Northern Development of Example Province", "2023-01-01", None, "Retainer Q1 2023", 20000.0, "CAD"),
       receipt("Ministry of Northern Development of Example Province", "2023-04-01", None, "Retainer Q2 2023", 20000.0, "CAD")]
d17 = [disb(None, "2023-02-09", "Hillcrest Polling Co.", "Survey", 4400.0), disb(None, "2023-05-30", "Union Station Catering", "Event catering", 980.0)]
lines = [STAMP.format("07/27/2023"), "Supplemental Statement", "For 6 Month Period Ending 06/30/2023", "",
         "Registrant: Sparrowhawk Government Relations Inc.  Registration Number: 7290", "", "14. (a) RECEIPTS-MONIES", "Yes ☒ No ☐", ""]
lines += table([("Foreign Principal", 26, "l"), ("Date Received", 25, "l"), ("Purpose", 18, "l"), ("Amount", 15, "r")],
               [[r17[0]["foreign_principal"], "01/01/2023 - 03/31/2023", r17[0]["purpose"], "20,000.00 CAD"],
                ["", "04/01/2023 - 06/30/2023", r17[1]["purpose"], "20,000.00 CAD"],
                ["", "", "Total", "40,000.00 CAD"]])
lines += ["", "(b) RECEIPTS-THINGS OF VALUE", "Yes ☐ No ☒", "", "15. (a) DISBURSEMENTS-MONIES", "Yes ☒ No ☐", ""]
lines += table([("Date", 10, "l"), ("To Whom", 26, "l"), ("Purpose", 18, "l"), ("Amount", 12, "r")],
               [["2/9/23", "Hillcrest Polling Co.", "Survey", usd(4400)], ["5/30/23", "Union Station Catering", "Event catering", usd(980)]])
lines += ["", "(c) DISBURSEMENTS-POLITICAL CONTRIBUTIONS", "Yes ☐ No ☒"] + tail()
statements["s17-supplemental-ranges-cad"] = (lines, "reported", r17, d17, [])

# s18: things of value (14(b), 15(b)) with dated, priced rows: never receipts or disbursements.
r18 = [receipt("Embassy of the Kingdom of Ostravia", "2018-09-12", "Embassy of the Kingdom of Ostravia", "Consulting fee", 60000.0),
       receipt("Embassy of the Kingdom of Ostravia", "2018-12-12", "Embassy of the Kingdom of Ostravia", "Consulting fee", 60000.0)]
lines = front("01/25/2019", 6620, "Whitfield Meadows Group", "12/31/2018", omb=False) + q14(YES)
lines += table(R_COLS, [[r["foreign_principal"], us(r["date"]), r["received_from"], r["purpose"], usd(r["amount"])] for r in r18]
               + [["", "", "", "Total", usd(120000)]])
lines += ["", "(b) RECEIPTS-THINGS OF VALUE",
          "During this 6 month reporting period, have you received any thing of value other than money from any foreign",
          "principal named in Item 7?                                                  Yes ☒   No ☐", ""]
lines += table([("Foreign Principal", 30, "l"), ("Date Received", 14, "l"), ("Thing of Value", 26, "l"), ("Purpose", 16, "l")],
               [["Embassy of the Kingdom of Ostravia", "10/03/2018", "Gala dinner tickets valued at $1,200.00", "Hospitality"]])
lines += q15(NO, NO) + ["", "(b) DISBURSEMENTS-THINGS OF VALUE", "Yes ☒   No ☐", ""]
lines += table([("Date", 10, "l"), ("Recipient", 24, "l"), ("Foreign Principal", 34, "l"), ("Thing of Value", 22, "l")],
               [["11/15/2018", "Example Policy Forum", "Embassy of the Kingdom of Ostravia", "Books valued at $340.00"]])
lines += q15c(NO) + tail()
statements["s18-supplemental-things-of-value-trap"] = (lines, "reported", r18, [], [])

# s19: a footnote and a page footer inside the table, and an amount inside a purpose.
fp19 = "Federal Agency for Trade Promotion of Example-Danubia"
r19 = [receipt(fp19, "2022-01-31", fp19, "Retainer ($10,000 per month) for January", 10000.0),
       receipt(fp19, "2022-02-28", fp19, "Retainer ($10,000 per month) for February", 10000.0),
       receipt(fp19, "2022-03-31", fp19, "Retainer and expenses", 11250.75)]
lines = front("04/28/2022", 7066, "Calloway Ridge Partners", "03/31/2022") + q14(YES)
lines += table(R_COLS, [[fp19, us(r19[0]["date"]), fp19, r19[0]["purpose"], usd(10000)],
                        ["", us(r19[1]["date"]), fp19, r19[1]["purpose"], usd(10000)]])
lines += footnotes14() + ["Page 5 of 9", "\f" + STAMP.format("04/28/2022")]
lines += table(R_COLS, [["", us(r19[2]["date"]), fp19, r19[2]["purpose"], usd(11250.75)],
                        ["", "", "", "Total", usd(31250.75)]])
lines += q14b(NO) + q15(NO, NO) + q15c(NO) + tail()
statements["s19-supplemental-footnote-page-break"] = (lines, "reported", r19, [], [])

# s20: rows dated by month only, dirhams, subtotals named "Subtotal".
r20 = [receipt("Example Emirate Department of Culture", "2024-01", None, "Cultural program consulting", 150000.0, "AED"),
       receipt("Example Emirate Department of Culture", "2024-02", None, "Cultural program consulting", 150000.0, "AED"),
       receipt("Example Emirate Department of Culture", "2024-03", None, "Cultural program consulting", 150000.0, "AED")]
lines = [STAMP.format("04/30/2024"), "Supplemental Statement", "For Six Month Period Ending 03/31/2024", "",
         "Name of Registrant: Falconridge Cultural Advisors LLC", "", "14. (a) RECEIPTS-MONIES", "Yes [X]  No [ ]", ""]
lines += table([("Foreign Principal", 38, "l"), ("Month", 14, "l"), ("Purpose", 28, "l"), ("Amount", 16, "r")],
               [[r20[0]["foreign_principal"], "January 2024", r20[0]["purpose"], "AED 150,000.00"],
                ["", "February 2024", r20[1]["purpose"], "AED 150,000.00"],
                ["", "March 2024", r20[2]["purpose"], "AED 150,000.00"],
                ["", "", "Subtotal", "AED 450,000.00"]])
lines += ["", "15. (a) DISBURSEMENTS-MONIES", "None", "", "(c) DISBURSEMENTS-POLITICAL CONTRIBUTIONS", "None"]
statements["s20-supplemental-month-only-aed"] = (lines, "reported", r20, [], [])

# s21: one principal paying in two currencies; codes after amounts; a disbursement back to the
# principal (transmitted monies) that must stay a disbursement.
fp21 = "Example Republic of Vardania, Office of the President"
r21 = [receipt(fp21, "2021-10-04", "Presidential Administration of Vardania", "Advisory services", 35000.0, "USD"),
       receipt(fp21, "2021-11-04", "Presidential Administration of Vardania", "Reimbursement of event costs", 12000.0, "EUR"),
       receipt(fp21, "2021-12-06", "Presidential Administration of Vardania", "Advisory services", 35000.0, "USD")]
d21 = [disb(fp21, "2021-12-20", fp21, "Refund of unused event deposit", 1500.0, "EUR")]
lines = front("01/31/2022", 7140, "Greyhaven International Counsel PLLC", "12/31/2021") + q14(YES)
lines += table(R_COLS, [[fp21, us(r21[0]["date"]), r21[0]["received_from"], r21[0]["purpose"], "35,000.00 USD"],
                        ["", us(r21[1]["date"]), r21[1]["received_from"], r21[1]["purpose"], "12,000.00 EUR"],
                        ["", us(r21[2]["date"]), r21[2]["received_from"], r21[2]["purpose"], "35,000.00 USD"],
                        ["", "", "", "Total (USD)", "70,000.00 USD"],
                        ["", "", "", "Total (EUR)", "12,000.00 EUR"]])
lines += q14b(NO) + q15(NO, YES)
lines += table(D_COLS, [[fp21, us(d21[0]["date"]), fp21, d21[0]["purpose"], "1,500.00 EUR"]])
lines += q15c(NO) + tail()
statements["s21-supplemental-two-currencies-refund"] = (lines, "reported", r21, d21, [])

# s22: "See Attachment A": the receipts table is in an attachment after the form.
r22 = [receipt("National Fisheries Council of Example Isles", "2020-07-15", "National Fisheries Council", "Monthly fee", 8000.0),
       receipt("National Fisheries Council of Example Isles", "2020-08-14", "National Fisheries Council", "Monthly fee", 8000.0),
       receipt("National Fisheries Council of Example Isles", "2020-09-15", "National Fisheries Council", "Monthly fee", 8000.0)]
lines = front("12/30/2020", 6950, "Tidewater Row Consultants", "11/30/2020") + q14(YES) + ["See Attachment A."] + q14b(NO) + q15(NO, NO) + q15c(NO) + tail()
lines += ["\f" + STAMP.format("12/30/2020"), "Attachment A", "Item 14(a) RECEIPTS-MONIES", ""]
lines += table([("Foreign Principal", 30, "l"), ("Date Received", 14, "l"), ("From Whom", 28, "l"), ("Purpose", 14, "l"), ("Amount", 11, "r")],
               [[r["foreign_principal"], us(r["date"]), r["received_from"], r["purpose"], usd(r["amount"])] for r in r22]
               + [["", "", "", "Total", usd(24000)]])
statements["s22-supplemental-attachment"] = (lines, "reported", r22, [], [])

labels = json.load(open(LABELS)) if os.path.exists(LABELS) else {}
for name, (lines, reported, receipts, disbursements, contributions) in statements.items():
    text = "\n".join(lines) + "\n"
    with open(os.path.join(DIR, name + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
    labels[name] = {"receipts_reported": reported, "receipts": receipts,
                    "disbursements": disbursements, "contributions": contributions}
with open(LABELS, "w", encoding="utf-8") as f:
    json.dump(dict(sorted(labels.items(), key=lambda kv: (kv[0] != "_comment", int(kv[0][1:].split("-")[0]) if kv[0][0] == "s" else 0))),
              f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", len(statements), "statements and", LABELS)
