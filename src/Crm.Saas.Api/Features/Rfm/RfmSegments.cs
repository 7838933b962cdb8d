using Crm.Saas.Api.Features.Customers;
using Crm.Saas.Api.Persistence;

namespace Crm.Saas.Api.Features.Rfm;

/// <summary>
/// Named segments from the R, F, M scores (1–5, 5 best). The first matching rule wins:
/// <code>
///  #  segment          R      F      M      reads as
///  1  champions        ≥ 4    ≥ 4    any    bought recently and often
///  2  cant_lose        ≤ 2    ≥ 4    ≥ 4    big, frequent spenders gone quiet
///  3  at_risk          ≤ 2    ≥ 3    any    regulars gone quiet
///  4  loyal            any    ≥ 4    any    frequent (here: R = 3)
///  5  potential        ≥ 4    any    any    recent, not yet frequent (F ≤ 3)
///  6  needs_attention  = 3    any    any    middling (F ≤ 3)
///  7  hibernating      = 2    any    any    quiet, rarely bought (F ≤ 2)
///  8  lost             any    any    any    the rest (R = 1, F ≤ 2)
/// </code>
/// The C# rules and the SQL CASE the nightly run uses are generated from this one table.
/// </summary>
public static class RfmSegments
{
    private sealed record Rule(RfmSegment Segment, int MinR = 1, int MaxR = 5, int MinF = 1, int MaxF = 5, int MinM = 1);

    private static readonly Rule[] Rules =
    [
        new(RfmSegment.Champions, MinR: 4, MinF: 4),
        new(RfmSegment.CantLose, MaxR: 2, MinF: 4, MinM: 4),
        new(RfmSegment.AtRisk, MaxR: 2, MinF: 3),
        new(RfmSegment.Loyal, MinF: 4),
        new(RfmSegment.Potential, MinR: 4),
        new(RfmSegment.NeedsAttention, MinR: 3, MaxR: 3),
        new(RfmSegment.Hibernating, MinR: 2, MaxR: 2),
        new(RfmSegment.Lost),
    ];

    public static RfmSegment For(int recency, int frequency, int monetary) =>
        Rules.First(r => recency >= r.MinR && recency <= r.MaxR && frequency >= r.MinF && frequency <= r.MaxF && monetary >= r.MinM).Segment;

    /// <summary>The same rules as a SQL CASE over columns <paramref name="r"/>, <paramref name="f"/>, <paramref name="m"/> (integers, no input).</summary>
    public static string SqlCase(string r, string f, string m) =>
        "CASE " + string.Concat(Rules.Select(rule =>
            $"WHEN {r} BETWEEN {rule.MinR} AND {rule.MaxR} AND {f} BETWEEN {rule.MinF} AND {rule.MaxF} AND {m} >= {rule.MinM} " +
            $"THEN '{SnakeCaseEnumConverter<RfmSegment>.ToWord(rule.Segment)}' ")) + "END";
}
