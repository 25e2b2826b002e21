using Kabin.State;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.HttpApi;

/// <summary>The <c>limit</c> and <c>continue</c> of a list request, checked: a 400 naming the field, or the page to read.</summary>
public static class PageRequest
{
    public static IResult? Refusal(int? limit, string? token, out int size, out string? after)
    {
        size = limit ?? PageToken.MaxLimit;
        after = null;
        if (limit is < 1 or > PageToken.MaxLimit)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "bad-page", "Bad page",
                $"limit must be between 1 and {PageToken.MaxLimit}; leave it out for pages of {PageToken.MaxLimit}.",
                [new FieldError("limit", "out of range")]);
        }

        if (token is not null && (after = PageToken.Decode(token)) is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "bad-page", "Bad page",
                "The continue token is not one this API gave; send the continue value of the previous page, or none for the first.",
                [new FieldError("continue", "not a token of this API")]);
        }

        return null;
    }

    /// <summary>The token of the next page, or null on the last one.</summary>
    public static string? Continue(string? continueAfter) => continueAfter is null ? null : PageToken.Encode(continueAfter);
}
