namespace Crm.Saas.Api.Infrastructure.Http;

/// <summary>
/// Endpoint filters that only concern writes (the audit entry and its transaction, the unpaid tenant's 402). Added to
/// a group, a filter would wrap every endpoint, reads included: built per request and run through the filter
/// pipeline (arguments boxed into an invocation context) only to let the read through. Here it is attached to the
/// endpoints that answer a write method only, so reads keep the direct call.
/// </summary>
public static class WriteFilters
{
    public static RouteGroupBuilder AddEndpointFilterOnWrites<TFilter>(this RouteGroupBuilder group)
        where TFilter : IEndpointFilter
    {
        var create = ActivatorUtilities.CreateFactory(typeof(TFilter), Type.EmptyTypes);
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            if (IsReadOnly(endpoint))
            {
                return;
            }

            // Made per request, as AddEndpointFilter<TFilter> makes it, so it may depend on scoped services.
            endpoint.FilterFactories.Add((_, next) => invocation =>
                ((IEndpointFilter)create(invocation.HttpContext.RequestServices, [])).InvokeAsync(invocation, next));
        });
        return group;
    }

    /// <summary>Every method the endpoint answers is GET, HEAD or OPTIONS. No method metadata: treated as a write.</summary>
    private static bool IsReadOnly(EndpointBuilder endpoint)
    {
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        return methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m) || HttpMethods.IsOptions(m));
    }
}
