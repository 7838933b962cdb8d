using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Api.Platform;
using Crm.Saas.Tenancy;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>JSON Merge Patch onto the editable fields, with If-Match. A severity change moves the due times.</summary>
internal static class UpdateComplaint
{
    public static async Task<IResult> Handle(
        Guid id, HttpRequest request, TenantDbContext db, CatalogDbContext catalog, ITenantContextAccessor tenants,
        IValidator<ComplaintFields> validator, ComplaintViews views, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.LiveAsync(db, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintQueries.NotFound();
        }

        if (ETags.CheckIfMatch(request, complaint.Version) is { } stale)
        {
            return stale;
        }

        var before = ComplaintFields.From(complaint);
        var merged = await MergePatch.ReadApplyAndValidateAsync(request, before, json.Value.SerializerOptions, validator, cancellationToken);
        if (merged.Problem is not null)
        {
            return merged.Problem;
        }

        var fields = merged.Value!;

        var contactChanged = fields.ContactId != before.ContactId;
        var assigneeChanged = fields.AssigneeUserId != before.AssigneeUserId;
        if (await ComplaintReferences.CheckAsync(db, catalog, tenants.Required.Id, complaint.CustomerId,
                contactChanged ? fields.ContactId : null, assigneeChanged ? fields.AssigneeUserId : null,
                checkCustomer: false, cancellationToken) is { } refused)
        {
            return refused;
        }

        var rules = await views.RulesAsync(cancellationToken);
        var now = views.Now;
        var changed = Changed(before, fields);
        complaint.ContactId = fields.ContactId;
        complaint.Channel = fields.Channel!.Value;
        complaint.Category = fields.Category!.Value;
        complaint.Subject = fields.Subject!.Trim();
        complaint.Description = fields.Description!.Trim();
        complaint.AssigneeUserId = fields.AssigneeUserId;
        if (complaint.Severity != fields.Severity)
        {
            complaint.Severity = fields.Severity!.Value;
            SlaClock.Recompute(complaint, rules);
        }

        complaint.UpdatedAt = now;
        complaint.Version++;
        Timeline.TimelineEvents.Record(db, complaint.CustomerId, now, "complaint.updated", $"Complaint \"{complaint.Subject}\" updated.",
            "complaint", complaint.Id, new { changed });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ETags.Stale();
        }

        return ResourceResults.Ok(views.Show(complaint, rules), complaint.Version);
    }

    private static List<string> Changed(ComplaintFields before, ComplaintFields after)
    {
        var changed = new List<string>();
        Add("contactId", before.ContactId, after.ContactId);
        Add("channel", before.Channel, after.Channel);
        Add("category", before.Category, after.Category);
        Add("severity", before.Severity, after.Severity);
        Add("subject", before.Subject, after.Subject?.Trim());
        Add("description", before.Description, after.Description?.Trim());
        Add("assigneeUserId", before.AssigneeUserId, after.AssigneeUserId);
        return changed;

        void Add<T>(string field, T was, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now))
            {
                changed.Add(field);
            }
        }
    }
}
