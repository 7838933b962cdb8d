using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Postgres.Tenant
{
    /// <inheritdoc />
    public partial class Complaints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "complaint_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    document = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_complaint_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    assignee_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    acknowledged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    resolved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    first_resolved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reopen_count = table.Column<int>(type: "integer", nullable: false),
                    resolution_note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    root_cause = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    goodwill_points = table.Column<int>(type: "integer", nullable: true),
                    clock_started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    first_response_due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resolution_due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    paused_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    paused_business_minutes = table.Column<int>(type: "integer", nullable: false),
                    waited_business_minutes = table.Column<int>(type: "integer", nullable: false),
                    first_response_business_minutes = table.Column<int>(type: "integer", nullable: true),
                    resolution_business_minutes = table.Column<int>(type: "integer", nullable: true),
                    first_response_breached_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    resolution_breached_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    survey_nonce = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    survey_due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    survey_expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    survey_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    survey_answered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    csat_score = table.Column<int>(type: "integer", nullable: true),
                    csat_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_complaints", x => x.id);
                    table.ForeignKey(
                        name: "fk_complaints_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "complaint_comments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    complaint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    visibility = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    author_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_complaint_comments", x => x.id);
                    table.ForeignKey(
                        name: "fk_complaint_comments_complaint_complaint_id",
                        column: x => x.complaint_id,
                        principalTable: "complaints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_complaint_comments_complaint_id_id",
                table: "complaint_comments",
                columns: new[] { "complaint_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_created_at",
                table: "complaints",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_complaints_customer_id_id",
                table: "complaints",
                columns: new[] { "customer_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_resolution_due_at_id",
                table: "complaints",
                columns: new[] { "resolution_due_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_status_first_response_due_at",
                table: "complaints",
                columns: new[] { "status", "first_response_due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "complaint_comments");

            migrationBuilder.DropTable(
                name: "complaint_settings");

            migrationBuilder.DropTable(
                name: "complaints");
        }
    }
}
