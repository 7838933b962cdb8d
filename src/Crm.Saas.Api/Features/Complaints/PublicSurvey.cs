using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// The customer's side of the survey, without login: the signed link is the only credential. An unsigned, altered
/// or voided link is a plain 404 (nothing to learn about which tenants or complaints exist); an expired one 410;
/// an answered one 409 on a second answer. Nothing about the complaint itself is shown.
/// </summary>
internal static class PublicSurvey
{
    public const string Question = "How satisfied are you with how we handled your complaint?";

    public static async Task<IResult> Show(
        string token, SurveyTokens tokens, CatalogDbContext catalog, TenantDatabases databases, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, tokens, catalog, databases, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        await using var db = found.Value.Db;
        var (tenant, complaint) = (found.Value.Tenant, found.Value.Complaint);
        if (complaint.SurveyAnsweredAt is null && clock.GetUtcNow().UtcDateTime >= complaint.SurveyExpiresAt)
        {
            return Expired();
        }

        return TypedResults.Ok(new SurveyQuestionResponse(tenant.Name, Question, 1, 5, complaint.SurveyExpiresAt!.Value,
            complaint.SurveyAnsweredAt is not null));
    }

    public static async Task<IResult> Answer(
        string token, SurveyAnswerRequest answer, SurveyTokens tokens, CatalogDbContext catalog, TenantDatabases databases, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, tokens, catalog, databases, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        await using var db = found.Value.Db;
        var complaint = found.Value.Complaint;
        var now = StoredTime.Now(clock);
        if (complaint.SurveyAnsweredAt is not null)
        {
            return Answered();
        }

        if (now >= complaint.SurveyExpiresAt)
        {
            return Expired();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var comment = string.IsNullOrWhiteSpace(answer.Comment) ? null : answer.Comment.Trim();
        var score = answer.Score!.Value;

        // Claim the survey in one conditional update: of two racing answers exactly one wins.
        var claimed = await db.Set<Complaint>()
            .Where(c => c.Id == complaint.Id && c.SurveyNonce == complaint.SurveyNonce && c.SurveyAnsweredAt == null && c.DeletedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.SurveyAnsweredAt, now)
                .SetProperty(c => c.CsatScore, score)
                .SetProperty(c => c.CsatComment, comment)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
        if (claimed == 0)
        {
            return Answered();
        }

        Timeline.TimelineEvents.Record(db, complaint.CustomerId, now, "complaint.survey_answered",
            $"Satisfaction survey for complaint \"{complaint.Subject}\" answered: {score}/5.", "complaint", complaint.Id,
            new { score, hasComment = comment is not null });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new SurveyThanksResponse(score, now));
    }

    private static async Task<(TenantDbContext Db, Tenant Tenant, Complaint Complaint)?> FindAsync(
        string token, SurveyTokens tokens, CatalogDbContext catalog, TenantDatabases databases, CancellationToken cancellationToken)
    {
        if (tokens.Read(token) is not { } link)
        {
            return null;
        }

        var tenant = await catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == link.TenantId, cancellationToken);
        if (tenant is not { Status: TenantStatus.Active })
        {
            return null;
        }

        var db = databases.Open(tenant.ToInfo());
        var complaint = await db.Set<Complaint>().AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == link.ComplaintId && c.SurveyNonce == link.Nonce && c.DeletedAt == null, cancellationToken);
        if (complaint is null)
        {
            await db.DisposeAsync();
            return null;
        }

        return (db, tenant, complaint);
    }

    private static IResult NotFound() =>
        ApiProblems.Problem(404, ProblemTypes.NotFound, "Not found", "This survey link is unknown or no longer valid.");

    private static IResult Expired() =>
        ApiProblems.Problem(410, ComplaintQueries.SurveyExpired, "Survey expired", "This survey link has expired. Thank you all the same.");

    private static IResult Answered() =>
        ApiProblems.Problem(409, ComplaintQueries.SurveyAnswered, "Survey answered", "This survey has already been answered. Thank you!");
}

/// <summary>What the customer sees: who asks, the question and the scale; nothing about the complaint.</summary>
public sealed record SurveyQuestionResponse(string Company, string Question, int MinScore, int MaxScore, DateTime ExpiresAt, bool Answered);

public sealed record SurveyThanksResponse(int Score, DateTime AnsweredAt);
