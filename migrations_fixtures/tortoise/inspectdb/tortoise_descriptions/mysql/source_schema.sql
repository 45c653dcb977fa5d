/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: inspect_tortoise_descriptions
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `authors`
--

DROP TABLE IF EXISTS `authors`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `authors` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(30) NOT NULL COMMENT 'name with ''quote''',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='O''Brien''s table';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `note_authors`
--

DROP TABLE IF EXISTS `note_authors`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `note_authors` (
  `notes_id` int(11) NOT NULL,
  `author_id` int(11) NOT NULL,
  UNIQUE KEY `uidx_note_author_notes_i_fd22a0` (`notes_id`,`author_id`),
  KEY `author_id` (`author_id`),
  CONSTRAINT `note_authors_ibfk_1` FOREIGN KEY (`notes_id`) REFERENCES `notes` (`id`) ON DELETE CASCADE,
  CONSTRAINT `note_authors_ibfk_2` FOREIGN KEY (`author_id`) REFERENCES `authors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='who''s tagged';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `notes`
--

DROP TABLE IF EXISTS `notes`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `notes` (
  `id` int(11) NOT NULL AUTO_INCREMENT COMMENT 'primary ''key''',
  `single` varchar(20) NOT NULL COMMENT 'it''s',
  `double` varchar(20) NOT NULL COMMENT 'say "hi"',
  `backslash` varchar(20) NOT NULL COMMENT 'C:\\temp\\new',
  `trailing_backslash` varchar(20) NOT NULL COMMENT 'ends with \\',
  `newline` longtext NOT NULL COMMENT 'line one\nline two',
  `crlf_tab` longtext DEFAULT NULL COMMENT 'a\r\nb	c',
  `mixed` varchar(20) DEFAULT NULL COMMENT 'Buyer''s "note": C:\\path\\file\nsecond line',
  `sql_like` int(11) NOT NULL DEFAULT 0 COMMENT '50% off; -- not a comment */ /* {braces} $1 ?',
  `unicode` varchar(20) DEFAULT NULL COMMENT 'Größe ünd 日本語 ✓',
  `owner_id` int(11) DEFAULT NULL COMMENT 'the author''s "id"',
  PRIMARY KEY (`id`),
  KEY `fk_notes_authors_09e0607e` (`owner_id`),
  CONSTRAINT `fk_notes_authors_09e0607e` FOREIGN KEY (`owner_id`) REFERENCES `authors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Notes: it''s "quoted"\\ and\nmulti-line';
/*!40101 SET character_set_client = @saved_cs_client */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed
