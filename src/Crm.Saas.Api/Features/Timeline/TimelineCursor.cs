namespace Crm.Saas.Api.Features.Timeline;

/// <summary>Where a newest-first page ended: the last row's time and id (the id breaks ties between equal times).</summary>
internal sealed record TimelineCursor(DateTime OccurredAt, Guid Id);
