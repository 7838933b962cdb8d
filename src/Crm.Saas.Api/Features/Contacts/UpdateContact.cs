using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Contacts;

/// <summary>JSON Merge Patch onto the contact's fields, validated like a new contact.</summary>
internal static class UpdateContact
{
    public static async Task<IResult> Handle(
        Guid customerId, Guid id, HttpRequest request, TenantDbContext db, IValidator<ContactFields> validator, TimeProvider clock,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var contact = await ContactQueries.Live(db, customerId, id, cancellationToken);
        if (contact is null)
        {
            return ContactQueries.NotFound();
        }

        if (ETags.CheckIfMatch(request, contact.Version) is { } refused)
        {
            return refused;
        }

        var before = ContactFields.From(contact);
        var merged = await MergePatch.ReadApplyAndValidateAsync(request, before, json.Value.SerializerOptions, validator, cancellationToken);
        if (merged.Problem is not null)
        {
            return merged.Problem;
        }

        var fields = merged.Value!;

        var now = StoredTime.Now(clock);
        var changed = fields.ChangedFrom(before);
        await using var owned = await TenantTransactions.BeginUnlessActiveAsync(db, cancellationToken);
        if (fields.IsPrimary == true && !contact.IsPrimary)
        {
            await PrimaryContact.DemoteOthersAsync(db, customerId, contact.Id, now, cancellationToken);
        }

        fields.ApplyTo(contact);
        contact.UpdatedAt = now;
        contact.Version++;
        Timeline.TimelineEvents.Record(db, customerId, now, "contact.updated", $"Updated contact {contact.Name}.",
            "contact", contact.Id, new { changed });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ETags.Stale(); // changed (or demoted) by someone else after our If-Match check
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return ContactQueries.PrimaryRace();
        }

        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }

        return ResourceResults.Ok(ContactResponse.From(contact), contact.Version);
    }
}
