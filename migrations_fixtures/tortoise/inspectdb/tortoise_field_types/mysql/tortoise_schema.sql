/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: inspect_tortoise_field_types_tortoise
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
-- Table structure for table `char_keyed`
--

DROP TABLE IF EXISTS `char_keyed`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `char_keyed` (
  `code` varchar(16) NOT NULL,
  `label` longtext DEFAULT NULL,
  PRIMARY KEY (`code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `everything`
--

DROP TABLE IF EXISTS `everything`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `everything` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `i` int(11) NOT NULL,
  `i_null` int(11) DEFAULT NULL,
  `i_default` int(11) NOT NULL DEFAULT 42,
  `i_unique` int(11) DEFAULT NULL,
  `i_index` int(11) NOT NULL DEFAULT 0,
  `i_desc` int(11) NOT NULL DEFAULT -1 COMMENT 'an int with a description',
  `big` bigint(20) NOT NULL DEFAULT 9007199254740993,
  `big_null` bigint(20) DEFAULT NULL,
  `small` smallint(6) NOT NULL DEFAULT 7,
  `small_null` smallint(6) DEFAULT NULL,
  `c` varchar(30) NOT NULL,
  `c_null` varchar(30) DEFAULT NULL,
  `c_default` varchar(30) NOT NULL DEFAULT 'plain default',
  `c_unique` varchar(30) NOT NULL,
  `c_index` varchar(30) NOT NULL DEFAULT '',
  `c_callable` varchar(30) NOT NULL,
  `t` longtext NOT NULL,
  `t_null` longtext DEFAULT NULL,
  `t_default` longtext NOT NULL,
  `b` tinyint(1) NOT NULL,
  `b_default` tinyint(1) NOT NULL DEFAULT 0,
  `b_null` tinyint(1) DEFAULT NULL,
  `d` decimal(10,2) NOT NULL,
  `d_default` decimal(12,4) NOT NULL DEFAULT 1.5000,
  `d_null` decimal(5,0) DEFAULT NULL,
  `f` double NOT NULL DEFAULT 0.5,
  `f_null` double DEFAULT NULL,
  `dt` datetime(6) NOT NULL,
  `dt_null` datetime(6) DEFAULT NULL,
  `dt_add` datetime(6) NOT NULL DEFAULT current_timestamp(6),
  `dt_now` datetime(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6),
  `dt_callable` datetime(6) NOT NULL,
  `day` date NOT NULL,
  `day_null` date DEFAULT NULL,
  `day_default` date NOT NULL DEFAULT '2024-01-31',
  `day_callable` date NOT NULL,
  `tm` time(6) NOT NULL,
  `tm_null` time(6) DEFAULT NULL,
  `tm_add` time(6) NOT NULL DEFAULT current_timestamp(6),
  `span` bigint(20) NOT NULL,
  `span_null` bigint(20) DEFAULT NULL,
  `span_default` bigint(20) NOT NULL DEFAULT 3603000000,
  `u` char(36) NOT NULL,
  `u_null` char(36) DEFAULT NULL,
  `u_unique` char(36) NOT NULL,
  `u_callable` char(36) NOT NULL,
  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`j`)),
  `j_null` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j_null`)),
  `j_callable` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`j_callable`)),
  `j_default` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`j_default`)),
  `bin` longblob NOT NULL,
  `bin_null` longblob DEFAULT NULL,
  `color` varchar(5) NOT NULL COMMENT 'RED: red\nGREEN: green\nBLUE: blue',
  `color_default` varchar(10) NOT NULL DEFAULT 'green' COMMENT 'RED: red\nGREEN: green\nBLUE: blue',
  `color_null` varchar(5) DEFAULT NULL COMMENT 'favourite colour',
  `prio` smallint(6) NOT NULL COMMENT 'LOW: 1\nMID: 2\nHIGH: 3',
  `prio_default` smallint(6) NOT NULL DEFAULT 2 COMMENT 'LOW: 1\nMID: 2\nHIGH: 3',
  `prio_null` smallint(6) DEFAULT NULL COMMENT 'LOW: 1\nMID: 2\nHIGH: 3',
  `col_renamed` int(11) NOT NULL DEFAULT 1,
  `owner_nocons_id` int(11) DEFAULT NULL,
  `char_ref_id` varchar(16) DEFAULT NULL,
  `owner_id` int(11) NOT NULL,
  `owner_noaction_id` int(11) DEFAULT NULL,
  `owner_null_id` int(11) DEFAULT NULL,
  `owner_restrict_id` int(11) DEFAULT NULL,
  `uuid_ref_id` char(36) DEFAULT NULL,
  `solo_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `c_unique` (`c_unique`),
  UNIQUE KEY `u_unique` (`u_unique`),
  UNIQUE KEY `uid_everything_c_123989` (`c`,`i`),
  UNIQUE KEY `i_unique` (`i_unique`),
  UNIQUE KEY `small_null` (`small_null`),
  UNIQUE KEY `solo_id` (`solo_id`),
  KEY `fk_everythi_char_key_5f0fb989` (`char_ref_id`),
  KEY `fk_everythi_owners_277125bd` (`owner_id`),
  KEY `fk_everythi_owners_4dc366ad` (`owner_noaction_id`),
  KEY `fk_everythi_owners_84faecaa` (`owner_null_id`),
  KEY `fk_everythi_owners_579ebfdd` (`owner_restrict_id`),
  KEY `fk_everythi_uuid_key_27ea30fd` (`uuid_ref_id`),
  KEY `idx_everything_i_index_6280ec` (`i_index`),
  KEY `idx_everything_c_index_062548` (`c_index`),
  KEY `idx_everything_dt_404e77` (`dt`,`day`),
  CONSTRAINT `fk_everythi_char_key_5f0fb989` FOREIGN KEY (`char_ref_id`) REFERENCES `char_keyed` (`code`) ON DELETE CASCADE,
  CONSTRAINT `fk_everythi_owners_277125bd` FOREIGN KEY (`owner_id`) REFERENCES `owners` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_everythi_owners_397528cf` FOREIGN KEY (`solo_id`) REFERENCES `owners` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_everythi_owners_4dc366ad` FOREIGN KEY (`owner_noaction_id`) REFERENCES `owners` (`id`) ON DELETE NO ACTION,
  CONSTRAINT `fk_everythi_owners_579ebfdd` FOREIGN KEY (`owner_restrict_id`) REFERENCES `owners` (`id`),
  CONSTRAINT `fk_everythi_owners_84faecaa` FOREIGN KEY (`owner_null_id`) REFERENCES `owners` (`id`) ON DELETE SET NULL,
  CONSTRAINT `fk_everythi_uuid_key_27ea30fd` FOREIGN KEY (`uuid_ref_id`) REFERENCES `uuid_keyed` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='one column per field variant';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `everything_owners`
--

DROP TABLE IF EXISTS `everything_owners`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `everything_owners` (
  `everything_id` bigint(20) NOT NULL,
  `owner_id` int(11) NOT NULL,
  UNIQUE KEY `uidx_everything__everyth_0ada80` (`everything_id`,`owner_id`),
  KEY `owner_id` (`owner_id`),
  CONSTRAINT `everything_owners_ibfk_1` FOREIGN KEY (`everything_id`) REFERENCES `everything` (`id`) ON DELETE CASCADE,
  CONSTRAINT `everything_owners_ibfk_2` FOREIGN KEY (`owner_id`) REFERENCES `owners` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `everything_uuid_keyed`
--

DROP TABLE IF EXISTS `everything_uuid_keyed`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `everything_uuid_keyed` (
  `everything_id` bigint(20) NOT NULL,
  `uuidkeyed_id` char(36) NOT NULL,
  UNIQUE KEY `uidx_everything__everyth_edf785` (`everything_id`,`uuidkeyed_id`),
  KEY `uuidkeyed_id` (`uuidkeyed_id`),
  CONSTRAINT `everything_uuid_keyed_ibfk_1` FOREIGN KEY (`everything_id`) REFERENCES `everything` (`id`) ON DELETE CASCADE,
  CONSTRAINT `everything_uuid_keyed_ibfk_2` FOREIGN KEY (`uuidkeyed_id`) REFERENCES `uuid_keyed` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `owners`
--

DROP TABLE IF EXISTS `owners`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `owners` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(50) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `uuid_keyed`
--

DROP TABLE IF EXISTS `uuid_keyed`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `uuid_keyed` (
  `id` char(36) NOT NULL,
  `name` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
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
