using Crm.Saas.Api.Infrastructure;
using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>Complaints: intake, the workflow actions, the thread, SLA settings, statistics and the customer's survey.</summary>
public static class ComplaintsApi
{
    public static void MapComplaints(this IEndpointRouteBuilder v1)
    {
        var complaints = v1.MapGroup("/complaints").WithTags("Complaints");

        complaints.MapPost("/", CreateComplaint.Handle).WithName("CreateComplaint").RequireScope(Scopes.ComplaintsWrite)
            .WithSummary("Take a complaint in; SLA due times follow from its severity and the tenant's business hours.")
            .Validate<CreateComplaintRequest>().WithIdempotency<CreateComplaintRequest>().Produces<ComplaintResponse>(201);
        complaints.MapGet("/", ListComplaints.Handle).WithName("ListComplaints").RequireScope(Scopes.ComplaintsRead)
            .WithSummary("List complaints by resolution due time; filters status, severity, category, assigneeUserId, customerId, breached, openOnly.")
            .Produces<Page<ComplaintResponse>>().Validate<ComplaintListQuery>();
        complaints.MapGet("/stats", ComplaintStats.Handle).WithName("GetComplaintStats").RequireScope(Scopes.ComplaintsRead)
            .WithSummary("Statistics of complaints received in [from, to): counts, median business minutes, breach, reopen and CSAT rates.")
            .Produces<ComplaintStatsResponse>().Validate<ComplaintStatsQuery>();
        complaints.MapGet("/{id:guid}", GetComplaint.Handle).WithName("GetComplaint").RequireScope(Scopes.ComplaintsRead)
            .WithSummary("Read a complaint with its SLA clocks, allowed actions, resolution and survey; sends its ETag.")
            .Produces<ComplaintResponse>().ProducesProblem(404);
        complaints.MapPatch("/{id:guid}", UpdateComplaint.Handle).WithName("UpdateComplaint").RequireScope(Scopes.ComplaintsWrite)
            .WithSummary("Change the editable fields with a JSON Merge Patch; needs If-Match. Status changes go through the actions.")
            .Accepts<ComplaintFields>(MergePatch.MediaType, "application/json")
            .Produces<ComplaintResponse>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(412).ProducesProblem(415).ProducesProblem(428);
        complaints.MapDelete("/{id:guid}", DeleteComplaint.Handle).WithName("DeleteComplaint").RequireAuthorization(Policies.Admin)
            .WithSummary("Delete a complaint logged by mistake (admins); needs If-Match.")
            .Produces(204).ProducesProblem(404).ProducesProblem(412).ProducesProblem(428);

        Action(complaints, ComplaintWorkflow.Acknowledge, TransitionComplaint.Acknowledge, "AcknowledgeComplaint", "open → acknowledged (the first response).");
        Action(complaints, ComplaintWorkflow.Start, TransitionComplaint.Start, "StartComplaint", "acknowledged → in_progress.");
        Action(complaints, ComplaintWorkflow.Wait, TransitionComplaint.Wait, "WaitOnCustomer", "in_progress → waiting_on_customer; the resolution clock stops.");
        Action(complaints, ComplaintWorkflow.Resume, TransitionComplaint.Resume, "ResumeComplaint", "waiting_on_customer → in_progress; the due time moves by the business time waited.");
        Action(complaints, ComplaintWorkflow.Resolve, TransitionComplaint.Resolve, "ResolveComplaint",
                "in_progress → resolved with resolutionNote, rootCause and optional goodwillPoints; issues the satisfaction survey link.")
            .ValidatesAfterIfMatch();
        Action(complaints, ComplaintWorkflow.Close, TransitionComplaint.Close, "CloseComplaint", "resolved → closed.");
        Action(complaints, ComplaintWorkflow.Reopen, TransitionComplaint.Reopen, "ReopenComplaint",
            "resolved or closed → in_progress, within the reopen window; the resolution clock starts again.");

        complaints.MapPost("/{id:guid}/comments", ComplaintComments.Add).WithName("AddComplaintComment").RequireScope(Scopes.ComplaintsWrite)
            .WithSummary("Add a comment to the complaint's thread (visibility internal or customer).")
            .Validate<CommentRequest>().Produces<CommentResponse>(201).ProducesProblem(404);
        complaints.MapGet("/{id:guid}/comments", ComplaintComments.List).WithName("ListComplaintComments").RequireScope(Scopes.ComplaintsRead)
            .WithSummary("The complaint's thread, oldest first, cursor-paginated.")
            .Produces<Page<CommentResponse>>().Validate<CommentListQuery>().ProducesProblem(404);

        var settings = v1.MapGroup("/settings/complaints").WithTags("Complaints");
        settings.MapGet("/", ComplaintSettingsEndpoints.Get).WithName("GetComplaintSettings").RequireScope(Scopes.ComplaintsRead)
            .WithSummary("SLA targets by severity, business hours, reopen window and survey timing; sends its ETag.")
            .Produces<ComplaintSettingsDocument>().Produces(304);
        settings.MapPut("/", ComplaintSettingsEndpoints.Put).WithName("UpdateComplaintSettings").RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the complaint settings (admins); needs If-Match.")
            .ValidatesAfterIfMatch().Produces<ComplaintSettingsDocument>()
            .ProducesProblem(412).ProducesProblem(428);

        var surveys = v1.MapGroup("/surveys").WithTags("Complaints");
        surveys.MapGet("/{token}", PublicSurvey.Show).WithName("GetSurvey").AllowAnonymous()
            .RequireRateLimiting(RateLimits.PublicLinksPolicy)
            .WithSummary("The satisfaction survey behind a signed link (no login): who asks and the question.")
            .Produces<SurveyQuestionResponse>().ProducesProblem(404).ProducesProblem(410).ProducesProblem(429);
        surveys.MapPost("/{token}", PublicSurvey.Answer).WithName("AnswerSurvey").AllowAnonymous()
            .RequireRateLimiting(RateLimits.PublicLinksPolicy).Validate<SurveyAnswerRequest>()
            .WithSummary("Answer the survey once (score 1–5, optional comment); a second answer is a 409, an expired link a 410.")
            .Produces<SurveyThanksResponse>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(410).ProducesProblem(429);
    }

    private static RouteHandlerBuilder Action(RouteGroupBuilder complaints, string action, Delegate handler, string name, string summary) =>
        complaints.MapPost($"/{{id:guid}}/{action}", handler).WithName(name).RequireScope(Scopes.ComplaintsWrite)
            .WithSummary(summary).Produces<ComplaintResponse>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(412);
}
