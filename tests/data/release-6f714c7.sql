BEGIN TRANSACTION;
CREATE TABLE control_events (
	event_id VARCHAR NOT NULL, 
	report_id VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	gazetteer_id VARCHAR, 
	place_name VARCHAR, 
	place_precision VARCHAR, 
	admin1 VARCHAR, 
	country VARCHAR, 
	lat FLOAT, 
	lon FLOAT, 
	date_start DATE, 
	date_end DATE, 
	actor VARCHAR, 
	other_actor VARCHAR, 
	outlet VARCHAR, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_control_events_g1 PRIMARY KEY (event_id)
);
INSERT INTO "control_events" VALUES('prev0-0','prev0','town_captured','t:north','Northtown','locality','Province A','IQ',NULL,NULL,'2015-03-01','2015-03-01','Rebels',NULL,'Old Outlet',2);
INSERT INTO "control_events" VALUES('prev1-0','prev1','town_captured','t:north','Northtown','locality','Province A','IQ',NULL,NULL,'2015-03-01','2015-03-01','Rebels',NULL,'Old Outlet',4);
INSERT INTO "control_events" VALUES('prev2-0','prev2','town_captured','t:north','Northtown','locality','Province A','IQ',NULL,NULL,'2015-03-01','2015-03-01','Rebels',NULL,'Old Outlet',6);
CREATE TABLE events (
	position INTEGER NOT NULL, 
	stream_id TEXT NOT NULL, 
	stream_version INTEGER NOT NULL, 
	event_id TEXT NOT NULL, 
	type TEXT NOT NULL, 
	schema_version INTEGER NOT NULL, 
	data JSON NOT NULL, 
	metadata JSON NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	PRIMARY KEY (position), 
	CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version), 
	CONSTRAINT events_event_id_key UNIQUE (event_id), 
	CONSTRAINT events_position_positive CHECK (position >= 1), 
	CONSTRAINT events_stream_version_positive CHECK (stream_version >= 1)
);
INSERT INTO "events" VALUES(1,'report-prev0',1,'prev0-rr','ReportReceived',1,'{"event_id":"prev0-rr","report_id":"prev0","source":"Old Outlet","url":null,"title":null,"published":"2015-03-02","published_rule":null,"received_at":"2015-03-03T00:00:00Z","text":"Words written for this test. Words written for this test. Words written for this test. Words written for this test. Words written for this test. ","content_type":"text/plain"}','{"causation_id":null,"report_id":"prev0"}','2026-12-02T13:31:16.905496+00:00');
INSERT INTO "events" VALUES(2,'report-prev0',2,'prev0-0','TownCaptured',2,'{"event_id":"prev0-0","report_id":"prev0","when":{"start":"2015-03-01","end":"2015-03-01","precision":"day","phrase":null},"place":{"name":"Northtown","resolved_name":null,"gazetteer_id":"t:north","admin1":"Province A","country":"IQ","lat":null,"lon":null,"precision":"locality"},"actors":["Rebels"],"evidence":{"text":"Rebels took Northtown.","start":0,"end":22},"confidence":0.5,"extractor":{"name":"hand","version":"1","rule_id":null},"fatalities":null,"injured":null}','{"causation_id":null,"report_id":"prev0","extractor_version":"1"}','2026-12-02T13:31:16.905496+00:00');
INSERT INTO "events" VALUES(3,'report-prev1',1,'prev1-rr','ReportReceived',1,'{"event_id":"prev1-rr","report_id":"prev1","source":"Old Outlet","url":null,"title":null,"published":"2015-03-02","published_rule":null,"received_at":"2015-03-03T00:00:00Z","text":"Words written for this test. Words written for this test. Words written for this test. Words written for this test. Words written for this test. ","content_type":"text/plain"}','{"causation_id":null,"report_id":"prev1"}','2026-12-02T13:31:16.920954+00:00');
INSERT INTO "events" VALUES(4,'report-prev1',2,'prev1-0','TownCaptured',2,'{"event_id":"prev1-0","report_id":"prev1","when":{"start":"2015-03-01","end":"2015-03-01","precision":"day","phrase":null},"place":{"name":"Northtown","resolved_name":null,"gazetteer_id":"t:north","admin1":"Province A","country":"IQ","lat":null,"lon":null,"precision":"locality"},"actors":["Rebels"],"evidence":{"text":"Rebels took Northtown.","start":0,"end":22},"confidence":0.5,"extractor":{"name":"hand","version":"1","rule_id":null},"fatalities":null,"injured":null}','{"causation_id":null,"report_id":"prev1","extractor_version":"1"}','2026-12-02T13:31:16.920954+00:00');
INSERT INTO "events" VALUES(5,'report-prev2',1,'prev2-rr','ReportReceived',1,'{"event_id":"prev2-rr","report_id":"prev2","source":"Old Outlet","url":null,"title":null,"published":"2015-03-02","published_rule":null,"received_at":"2015-03-03T00:00:00Z","text":"Words written for this test. Words written for this test. Words written for this test. Words written for this test. Words written for this test. ","content_type":"text/plain"}','{"causation_id":null,"report_id":"prev2"}','2026-12-02T13:31:16.932932+00:00');
INSERT INTO "events" VALUES(6,'report-prev2',2,'prev2-0','TownCaptured',2,'{"event_id":"prev2-0","report_id":"prev2","when":{"start":"2015-03-01","end":"2015-03-01","precision":"day","phrase":null},"place":{"name":"Northtown","resolved_name":null,"gazetteer_id":"t:north","admin1":"Province A","country":"IQ","lat":null,"lon":null,"precision":"locality"},"actors":["Rebels"],"evidence":{"text":"Rebels took Northtown.","start":0,"end":22},"confidence":0.5,"extractor":{"name":"hand","version":"1","rule_id":null},"fatalities":null,"injured":null}','{"causation_id":null,"report_id":"prev2","extractor_version":"1"}','2026-12-02T13:31:16.932932+00:00');
CREATE TABLE incident_events (
	event_id VARCHAR NOT NULL, 
	incident_id VARCHAR NOT NULL, 
	report_id VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	date_start DATE, 
	date_end DATE, 
	gazetteer_id VARCHAR, 
	place_name VARCHAR, 
	place_precision VARCHAR, 
	admin1 VARCHAR, 
	country VARCHAR, 
	actor1 VARCHAR, 
	outlet VARCHAR, 
	outlet_key VARCHAR, 
	position INTEGER NOT NULL, 
	rule VARCHAR NOT NULL, 
	merged_with VARCHAR, 
	pinned BOOLEAN NOT NULL, 
	span_class INTEGER NOT NULL, 
	CONSTRAINT pk_incident_events_g1 PRIMARY KEY (event_id)
);
INSERT INTO "incident_events" VALUES('prev0-0','prev0-0','prev0','town_captured','2015-03-01','2015-03-01','t:north','northtown','locality','Province A','IQ','Rebels','Old Outlet','old outlet',2,'first',NULL,0,0);
INSERT INTO "incident_events" VALUES('prev1-0','prev0-0','prev1','town_captured','2015-03-01','2015-03-01','t:north','northtown','locality','Province A','IQ','Rebels','Old Outlet','old outlet',4,'same-place+overlapping-dates+compatible-actors','prev0-0',0,0);
INSERT INTO "incident_events" VALUES('prev2-0','prev0-0','prev2','town_captured','2015-03-01','2015-03-01','t:north','northtown','locality','Province A','IQ','Rebels','Old Outlet','old outlet',6,'same-place+overlapping-dates+compatible-actors','prev0-0',0,0);
CREATE TABLE incidents (
	incident_id VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	date_start DATE, 
	date_end DATE, 
	event_count INTEGER NOT NULL, 
	report_count INTEGER NOT NULL, 
	outlet_count INTEGER NOT NULL, 
	pinned BOOLEAN NOT NULL, 
	actors JSON NOT NULL, 
	places JSON NOT NULL, 
	first JSON NOT NULL, 
	CONSTRAINT pk_incidents_g1 PRIMARY KEY (incident_id)
);
INSERT INTO "incidents" VALUES('prev0-0','town_captured','2015-03-01','2015-03-01',3,3,1,0,'["Rebels"]','[["t:north","northtown","locality","Province A","IQ"]]','{"event_id":"prev0-0","position":2,"start":"2015-03-01","end":"2015-03-01","place":["t:north","northtown","locality","Province A","IQ"],"actor1":"Rebels"}');
CREATE TABLE projection_checkpoints (
	name VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	version VARCHAR NOT NULL, 
	generation INTEGER NOT NULL, 
	PRIMARY KEY (name)
);
INSERT INTO "projection_checkpoints" VALUES('reports',6,'1.70a60d3f0ee0',1);
INSERT INTO "projection_checkpoints" VALUES('timeline',6,'1.08636bd0b732',1);
INSERT INTO "projection_checkpoints" VALUES('incidents',6,'2.296c34ce9b83',1);
INSERT INTO "projection_checkpoints" VALUES('control',6,'1.92f0be7d6e02',1);
CREATE TABLE reports (
	report_id VARCHAR NOT NULL, 
	stream_id VARCHAR NOT NULL, 
	source VARCHAR, 
	url VARCHAR, 
	title VARCHAR, 
	published DATE, 
	published_rule VARCHAR, 
	received_at DATETIME NOT NULL, 
	content_type VARCHAR NOT NULL, 
	text_length INTEGER NOT NULL, 
	extractor_version VARCHAR, 
	event_count INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_reports_g1 PRIMARY KEY (report_id)
);
INSERT INTO "reports" VALUES('prev0','report-prev0','Old Outlet',NULL,NULL,'2015-03-02',NULL,'2015-03-03 00:00:00.000000','text/plain',145,'1',1,1);
INSERT INTO "reports" VALUES('prev1','report-prev1','Old Outlet',NULL,NULL,'2015-03-02',NULL,'2015-03-03 00:00:00.000000','text/plain',145,'1',1,3);
INSERT INTO "reports" VALUES('prev2','report-prev2','Old Outlet',NULL,NULL,'2015-03-02',NULL,'2015-03-03 00:00:00.000000','text/plain',145,'1',1,5);
CREATE TABLE timeline_actors (
	actor VARCHAR NOT NULL, 
	event_id VARCHAR NOT NULL, 
	CONSTRAINT pk_timeline_actors_g1 PRIMARY KEY (actor, event_id)
);
INSERT INTO "timeline_actors" VALUES('Rebels','prev0-0');
INSERT INTO "timeline_actors" VALUES('Rebels','prev1-0');
INSERT INTO "timeline_actors" VALUES('Rebels','prev2-0');
CREATE TABLE timeline_entries (
	event_id VARCHAR NOT NULL, 
	report_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	type_name VARCHAR NOT NULL, 
	date_start DATE, 
	date_end DATE, 
	date_precision VARCHAR NOT NULL, 
	date_phrase VARCHAR, 
	place_name VARCHAR, 
	place_resolved VARCHAR, 
	gazetteer_id VARCHAR, 
	admin1 VARCHAR, 
	country VARCHAR, 
	lat FLOAT, 
	lon FLOAT, 
	place_precision VARCHAR, 
	actors JSON NOT NULL, 
	actor1 VARCHAR, 
	evidence_text VARCHAR NOT NULL, 
	evidence_start INTEGER NOT NULL, 
	evidence_end INTEGER NOT NULL, 
	confidence FLOAT NOT NULL, 
	extractor_name VARCHAR NOT NULL, 
	extractor_version VARCHAR NOT NULL, 
	rule_id VARCHAR, 
	fatalities_low INTEGER, 
	fatalities_high INTEGER, 
	injured_low INTEGER, 
	injured_high INTEGER, 
	source VARCHAR, 
	url VARCHAR, 
	title VARCHAR, 
	published DATE, 
	corrected BOOLEAN NOT NULL, 
	span_class INTEGER NOT NULL, 
	CONSTRAINT pk_timeline_entries_g1 PRIMARY KEY (event_id)
);
INSERT INTO "timeline_entries" VALUES('prev0-0','prev0',2,'town_captured','TownCaptured','2015-03-01','2015-03-01','day',NULL,'Northtown',NULL,'t:north','Province A','IQ',NULL,NULL,'locality','["Rebels"]','Rebels','Rebels took Northtown.',0,22,0.5,'hand','1',NULL,NULL,NULL,NULL,NULL,'Old Outlet',NULL,NULL,'2015-03-02',0,0);
INSERT INTO "timeline_entries" VALUES('prev1-0','prev1',4,'town_captured','TownCaptured','2015-03-01','2015-03-01','day',NULL,'Northtown',NULL,'t:north','Province A','IQ',NULL,NULL,'locality','["Rebels"]','Rebels','Rebels took Northtown.',0,22,0.5,'hand','1',NULL,NULL,NULL,NULL,NULL,'Old Outlet',NULL,NULL,'2015-03-02',0,0);
INSERT INTO "timeline_entries" VALUES('prev2-0','prev2',6,'town_captured','TownCaptured','2015-03-01','2015-03-01','day',NULL,'Northtown',NULL,'t:north','Province A','IQ',NULL,NULL,'locality','["Rebels"]','Rebels','Rebels took Northtown.',0,22,0.5,'hand','1',NULL,NULL,NULL,NULL,NULL,'Old Outlet',NULL,NULL,'2015-03-02',0,0);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE rejected'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events is append-only: DELETE rejected'); END;
CREATE INDEX ix_timeline_rivals_g1 ON timeline_entries (gazetteer_id, kind, span_class, date_start);
CREATE INDEX ix_timeline_kind_date_g1 ON timeline_entries (kind, date_start);
CREATE INDEX ix_timeline_report_g1 ON timeline_entries (report_id);
CREATE INDEX ix_timeline_dates_g1 ON timeline_entries (date_start, date_end);
CREATE INDEX ix_timeline_country_date_g1 ON timeline_entries (country, date_start, date_end);
CREATE INDEX ix_timeline_gazetteer_date_g1 ON timeline_entries (gazetteer_id, date_start, date_end);
CREATE INDEX ix_timeline_admin1_date_g1 ON timeline_entries (admin1, date_start, date_end, country);
CREATE INDEX ix_timeline_actors_event_g1 ON timeline_actors (event_id);
CREATE INDEX ix_incidents_kind_date_g1 ON incidents (kind, date_start);
CREATE INDEX ix_incident_events_name_g1 ON incident_events (kind, place_name, span_class, date_start);
CREATE INDEX ix_incident_events_admin1_g1 ON incident_events (kind, admin1, place_precision, span_class, date_start);
CREATE INDEX ix_incident_events_incident_g1 ON incident_events (incident_id);
CREATE INDEX ix_incident_events_gazetteer_g1 ON incident_events (kind, gazetteer_id, span_class, date_start);
CREATE INDEX ix_incident_events_country_g1 ON incident_events (kind, country, place_precision, span_class, date_start);
CREATE INDEX ix_control_gazetteer_date_g1 ON control_events (gazetteer_id, date_start);
CREATE INDEX ix_control_admin1_g1 ON control_events (admin1, country);
COMMIT;
