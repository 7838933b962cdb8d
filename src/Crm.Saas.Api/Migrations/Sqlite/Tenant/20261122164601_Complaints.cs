using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Sqlite.Tenant
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
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    document = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_complaint_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    severity = table.Column<int>(type: "INTEGER", nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    assignee_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    acknowledged_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    resolved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    first_resolved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reopen_count = table.Column<int>(type: "INTEGER", nullable: false),
                    resolution_note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    root_cause = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    goodwill_points = table.Column<int>(type: "INTEGER", nullable: true),
                    clock_started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    first_response_due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    resolution_due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    paused_since = table.Column<DateTime>(type: "TEXT", nullable: true),
                    paused_business_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    waited_business_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    first_response_business_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    resolution_business_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    first_response_breached_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    resolution_breached_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    survey_nonce = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    survey_due_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    survey_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    survey_sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    survey_answered_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    csat_score = table.Column<int>(type: "INTEGER", nullable: true),
                    csat_comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    complaint_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    visibility = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    author_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
