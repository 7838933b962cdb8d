using System.Reflection;
using Crm.Saas.Api.Infrastructure.Validation;
using Crm.Saas.Api.Tests.Support;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Saas.Api.Tests.Validation;

/// <summary>
/// Query records are validated the way bodies are: by the endpoint filter, read off the route table so that a new
/// list endpoint that forgets <c>.Validate&lt;TQuery&gt;()</c>, or checks its query by hand again, fails here.
/// </summary>
public sealed class QueryValidationTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void Every_query_record_with_a_validator_is_validated_by_the_endpoint_filter_and_only_there()
    {
        var validated = 0;
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
            {
                continue;
            }

            var parameters = handler.GetParameters();
            foreach (var query in parameters.Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null).Select(p => p.ParameterType))
            {
                var validator = typeof(IValidator<>).MakeGenericType(query);
                if (app.Services.GetService(validator) is null)
                {
                    continue;
                }

                var name = $"{endpoint.RoutePattern.RawText} ({handler.DeclaringType?.Name}.{handler.Name})";
                Assert.True(endpoint.Metadata.OfType<ValidatedArgument>().Any(v => v.Type == query), $"{name} does not call .Validate<{query.Name}>()");
                Assert.False(parameters.Any(p => p.ParameterType == validator), $"{name} still takes IValidator<{query.Name}>: the filter validates it already");
                validated++;
            }
        }

        // The twelve list endpoints of today; fewer means the scan above found nothing to check.
        Assert.True(validated >= 12, $"only {validated} query records found");
    }
}
